"""Reads of sales, one module per document; import them from here."""

from comptoir.sales.queries.deliveries import *  # noqa: F403
from comptoir.sales.queries.orders import *  # noqa: F403
from comptoir.sales.queries.quotes import *  # noqa: F403
