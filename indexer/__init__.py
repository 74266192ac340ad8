"""Files -> records -> index: find and decode files, parse them, enrich them, write the index."""
