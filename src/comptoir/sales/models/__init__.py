from comptoir.sales.models.orders import Order, OrderLine
from comptoir.sales.models.quotes import Quote, QuoteLine

__all__ = ["Order", "OrderLine", "Quote", "QuoteLine"]
