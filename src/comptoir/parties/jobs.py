"""Periodic jobs of the client base, found by comptoir.core.scheduler.discover()."""

from datetime import timedelta

from comptoir.core.scheduler import register
from comptoir.parties.tasks import prospects_review


def prospects_review_enqueue() -> str:
    # The scheduler holds a write lock while a job runs (SQLite): erasing many prospects
    # is the worker's business.
    result = prospects_review.enqueue()
    return f"prospects_review enqueued: {result.id}"


register("prospects_review", every=timedelta(days=1), call=prospects_review_enqueue)
