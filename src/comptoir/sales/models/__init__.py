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
from comptoir.sales.models.orders import Order, OrderLine
from comptoir.sales.models.quotes import Quote, QuoteLine

__all__ = [
    "Contract",
    "ContractAlert",
    "ContractClause",
    "ContractIndexation",
    "ContractLine",
    "ContractScheduleLine",
    "ContractTemplate",
    "ContractTemplateClause",
    "Order",
    "OrderLine",
    "Quote",
    "QuoteLine",
]
