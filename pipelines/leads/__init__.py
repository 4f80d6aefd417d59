"""Lead extraction: from a Chinese text to a lead an investigator can act on."""

from piwatch.pipelines.leads.extract import extract, load_all
from piwatch.pipelines.leads.model import Business, Extraction, Region, TextInput
from piwatch.pipelines.options import ExtractOptions

__all__ = ["Business", "ExtractOptions", "Extraction", "Region", "TextInput", "extract", "load_all"]
