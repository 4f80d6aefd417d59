"""What the tests and the benchmarks share: local servers (web, Redis, an Elasticsearch node of
their own), the saved-page corpus reader, child-process runners and factories that build test
data with piwatch's own producers. Not installed; never imports tests/ or bench/."""
