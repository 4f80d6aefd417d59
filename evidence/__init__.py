"""Evidence that survives the page: WARC captures, evidence packages, trusted time."""
