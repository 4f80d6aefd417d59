"""Kibana saved objects (data views, saved searches, dashboard), their import, and deep links."""
