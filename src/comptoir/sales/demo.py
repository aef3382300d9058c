"""Demo data of sales (`comptoir demo`): each kind of document adds its share here."""

from comptoir.sales.demo_contracts import load_contracts
from comptoir.sales.demo_deliveries import load_deliveries
from comptoir.sales.demo_quotes import load_quotes


def load(ctx) -> None:
    load_quotes(ctx)
    load_contracts(ctx)
    load_deliveries(ctx)
