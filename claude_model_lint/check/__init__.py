"""One file in, one result out: scan, judge, fix, write."""
