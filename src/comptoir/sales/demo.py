"""The sales share of `comptoir demo`: quotes and orders first, then their deliveries."""

from comptoir.sales.demo_deliveries import load_deliveries


def load(ctx) -> None:
    load_deliveries(ctx)
