"""Imported by the extraction workers' fork server before it forks them (see
``crawlers.extraction_pool``): what every page needs is loaded here once, so the workers share
it copy-on-write instead of each loading its own."""

from piwatch.pipelines.leads import ExtractOptions, load_all

load_all(ExtractOptions())
