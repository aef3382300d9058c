"""Writes of sales, one module per document (`sales.services.quotes`, `…orders`, …);
import them from here."""

from comptoir.sales.services.deliveries import *  # noqa: F403
from comptoir.sales.services.documents import *  # noqa: F403
from comptoir.sales.services.orders import *  # noqa: F403
from comptoir.sales.services.quotes import *  # noqa: F403
