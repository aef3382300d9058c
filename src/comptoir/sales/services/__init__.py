"""Writes of sales, one module per document; import them from here."""

from comptoir.sales.services.deliveries import *  # noqa: F403
