"""Region-keyed knowledge base: the 31 provincial regions, national rules, and retrieval."""
