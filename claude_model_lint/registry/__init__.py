"""The model data: bundled, fetched and overlaid, as of a date."""
