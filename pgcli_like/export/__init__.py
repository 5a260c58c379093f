"""Exporting one query's rows as CSV/TSV straight to stdout, through the native accelerators.

(The dispatcher that picks an engine lives here; each engine's exporter is a module of
this package.)
"""
