from comptoir.sales.models.contracts import (
    Contract,
    ContractAlert,
    ContractClause,
    ContractIndexation,
    ContractLine,
    ContractScheduleLine,
    ContractTemplate,
    ContractTemplateClause,
)
from comptoir.sales.models.deliveries import Carrier, Delivery, DeliveryLine
from comptoir.sales.models.orders import Order, OrderLine
from comptoir.sales.models.quotes import Quote, QuoteLine

__all__ = [
    "Carrier",
    "Contract",
    "ContractAlert",
    "ContractClause",
    "ContractIndexation",
    "ContractLine",
    "ContractScheduleLine",
    "ContractTemplate",
    "ContractTemplateClause",
    "Delivery",
    "DeliveryLine",
    "Order",
    "OrderLine",
    "Quote",
    "QuoteLine",
]
