"""The embedded Elasticsearch node: operations (a JVM process manager and a Java plugin built by
Maven from Elastic's artifacts), not the index layer."""
