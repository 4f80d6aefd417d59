"""Lead extraction: from a Chinese text to a lead an investigator can act on."""

from pipelines.leads.extract import extract
from pipelines.leads.model import Business, Extraction, Region, TextInput
from pipelines.options import ExtractOptions

__all__ = ["Business", "ExtractOptions", "Extraction", "Region", "TextInput", "extract"]
