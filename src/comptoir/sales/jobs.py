"""Periodic jobs of sales, found by comptoir.core.scheduler.discover()."""

from datetime import timedelta

from comptoir.core.scheduler import register
from comptoir.sales.quote_jobs import quotes_follow_up

register("quotes_follow_up", every=timedelta(days=1), call=quotes_follow_up)

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
