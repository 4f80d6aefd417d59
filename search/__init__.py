"""Elasticsearch: the embedded node, index templates, documents, bulk writing, queries, Kibana."""
