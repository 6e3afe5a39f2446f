"""Which files, on which cores, cached."""
