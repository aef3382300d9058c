"""The sales app's share of `comptoir demo`: each part loads its own records."""

from comptoir.sales.demo_contracts import load_contracts


def load(ctx) -> None:
    load_contracts(ctx)
