"""Sync with the county server and offline bundles."""
