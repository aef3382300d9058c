"""Periodic jobs of sales, found by comptoir.core.scheduler.discover()."""

from datetime import timedelta

from comptoir.core.scheduler import register
from comptoir.sales.quote_jobs import quotes_follow_up

register("quotes_follow_up", every=timedelta(days=1), call=quotes_follow_up)
