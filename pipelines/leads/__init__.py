"""Lead extraction: from a Chinese text to a lead an investigator can act on.

The package names the types; the extraction itself is ``piwatch.pipelines.leads.extract``,
imported by what extracts: importing a type or the regions must not load jieba's dictionary,
the lexicons and trafilatura's neighbours into the crawl process, which extracts in its workers.
"""

from piwatch.pipelines.leads.model import Business, Extraction, Region, TextInput
from piwatch.pipelines.options import ExtractOptions

__all__ = ["Business", "ExtractOptions", "Extraction", "Region", "TextInput"]
