"""Dateline's core: documents, spans, events and their history, with no GUI dependency."""

__version__ = "0.1.0"
