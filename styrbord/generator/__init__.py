"""Data at scale for benchmarks and load tests (``styrbord generate``); not a Django app."""
