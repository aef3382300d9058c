"""Periodic jobs of the client base, found by comptoir.core.scheduler.discover()."""

from datetime import timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comptoir.core.scheduler import register
from comptoir.parties.models import DuplicateScan
from comptoir.parties.services import import_files_purge
from comptoir.parties.tasks import duplicates_scan, prospects_review


def prospects_review_enqueue() -> str:
    # The scheduler holds a write lock while a job runs (SQLite): erasing many prospects
    # is the worker's business.
    result = prospects_review.enqueue()
    return f"prospects_review enqueued: {result.id}"


register("prospects_review", every=timedelta(days=1), call=prospects_review_enqueue)


# The duplicate scan reads the whole base for minutes: at night, when nobody waits for the
# database. The scheduler only knows intervals, so the job looks every hour and enqueues the
# scan in the first hour of the night window when no scan started in the last 20 hours.
NIGHT_HOURS = range(1, 5)  # 1:00 to 4:59, local time (settings.TIME_ZONE)


def duplicates_scan_enqueue(now=None) -> str:
    now = timezone.localtime(now or timezone.now())
    if now.hour not in NIGHT_HOURS:
        return "duplicates_scan: waits for the night"
    latest = DuplicateScan.objects.values_list("started_at", flat=True).first()
    if latest is not None and now - latest < timedelta(hours=20):
        return f"duplicates_scan: already done at {timezone.localtime(latest):%H:%M}"
    # Still waiting for the worker, or running (its result is stored only at the end).
    if DBTaskResult.objects.filter(
        task_path=duplicates_scan.module_path, status__in=["READY", "RUNNING"]
    ).exists():
        return "duplicates_scan: already waiting or running"
    result = duplicates_scan.enqueue()
    return f"duplicates_scan enqueued: {result.id}"


register("duplicates_scan", every=timedelta(hours=1), call=duplicates_scan_enqueue)


def import_files_purge_run() -> str:
    return f"import files deleted: {import_files_purge()}"


register("import_files_purge", every=timedelta(hours=6), call=import_files_purge_run)
