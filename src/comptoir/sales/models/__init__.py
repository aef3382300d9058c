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

__all__ = [
    "Contract",
    "ContractAlert",
    "ContractClause",
    "ContractIndexation",
    "ContractLine",
    "ContractScheduleLine",
    "ContractTemplate",
    "ContractTemplateClause",
]
