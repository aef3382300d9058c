"""Periodic jobs of the sales app, found by comptoir.core.scheduler.discover()."""

from datetime import timedelta

from comptoir.core.scheduler import register

# Contracts


def contracts_daily() -> str:
    """Renew or expire the contracts whose term ended, then warn their owners of the
    notice deadlines and ends to come. Idempotent: a second run the same day does nothing."""
    from comptoir.sales.services.contracts import contracts_alert, contracts_renew

    counts = contracts_renew()
    alerts = contracts_alert()
    return (
        f"contracts: {counts['renewed']} renewed, {counts['expired']} expired, {alerts} alerts sent"
    )


register("contracts_daily", every=timedelta(days=1), call=contracts_daily)
