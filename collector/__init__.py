"""Collector: offline-first survey of a county's out-migrant labour force."""

__version__ = "0.1.0"
