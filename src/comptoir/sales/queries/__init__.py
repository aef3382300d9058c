"""Reads of the sales app, one module per aggregate; import them from their module."""
