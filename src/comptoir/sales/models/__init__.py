from comptoir.sales.models.deliveries import Carrier, Delivery, DeliveryLine
from comptoir.sales.models.orders import Order, OrderLine
from comptoir.sales.models.quotes import Quote, QuoteLine

__all__ = ["Carrier", "Delivery", "DeliveryLine", "Order", "OrderLine", "Quote", "QuoteLine"]
