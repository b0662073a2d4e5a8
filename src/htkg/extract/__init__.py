"""Growing the graph: register a new source document (`register`), propose its claims as a
draft curated file (`gazetteer`, `numbers`, `draft`) and accept a reviewed draft (`accept`)."""
