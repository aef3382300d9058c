"""Periodic jobs, run by `comptoir scheduler` (one or several, on any machines).

Adding a job is one line, in this module for core's jobs or in the `jobs.py` module of any
installed app (found at start-up, like admin.py):

    # src/comptoir/billing/jobs.py
    from datetime import timedelta
    from comptoir.core.scheduler import register

    register("dunning_send", every=timedelta(days=1), command=("dunning_send",))
    register("rates_refresh", every=timedelta(hours=6), call=rates_refresh)

A job is a management command (with its arguments) or a callable returning its output text.
A job is due when it never ran or when `every` has passed since it last started. Each run
happens inside a transaction holding the lock on the job's ScheduledJobRun row
(SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL, the IMMEDIATE write lock on SQLite), and the
job is checked to be due again once the lock is held: two schedulers never run the same job
twice. On SQLite that lock stops every other writer while the job runs, so a job that takes
more than a few seconds should only enqueue a task and let the worker do the work.
"""

import io
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from comptoir.core.models import ScheduledJobRun

logger = logging.getLogger(__name__)

SUCCEEDED = "succeeded"
FAILED = "failed"
MAX_OUTPUT = 20_000


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    command: tuple[str, ...] = ()
    call: Callable[[], str | None] | None = None

    def run(self) -> str:
        if self.call is not None:
            return str(self.call() or "")
        out = io.StringIO()
        call_command(*self.command, stdout=out, stderr=out)
        return out.getvalue()


JOBS: dict[str, Job] = {}


def register(
    name: str,
    *,
    every: timedelta,
    command: tuple[str, ...] = (),
    call: Callable[[], str | None] | None = None,
) -> Job:
    if bool(command) == (call is not None):
        raise ValueError(f"Job {name!r}: give either a command or a callable, not both.")
    job = Job(name=name, every=every, command=tuple(command), call=call)
    JOBS[name] = job
    return job


def discover() -> dict[str, Job]:
    """Imports every installed app's jobs.py so that its register() lines run."""
    autodiscover_modules("jobs")
    return JOBS


def is_due(run: ScheduledJobRun, job: Job, now) -> bool:
    return run.last_started is None or run.last_started + job.every <= now


def run_job_if_due(job: Job, *, now=None) -> str | None:
    """Runs the job if due and no other scheduler holds it; returns its status, or None."""
    ScheduledJobRun.objects.get_or_create(name=job.name)
    with transaction.atomic():
        # The lock: a second scheduler skips the row (PostgreSQL) or waits for the commit
        # (SQLite), then finds last_started moved and the job no longer due.
        run = (
            ScheduledJobRun.objects.select_for_update(skip_locked=True)
            .filter(name=job.name)
            .first()
        )
        now = now or timezone.now()
        if run is None or not is_due(run, job, now):
            return None
        run.last_started = now
        try:
            # A savepoint: a failing job rolls back its own writes, not the record of its run.
            with transaction.atomic():
                output, status = job.run(), SUCCEEDED
        except Exception:
            logger.exception("Scheduled job %s failed", job.name)
            output, status = traceback.format_exc(), FAILED
        run.last_finished = timezone.now()
        run.last_status = status
        run.last_output = output[-MAX_OUTPUT:]
        run.save()
        return status


def run_due(*, jobs: dict[str, Job] | None = None, now=None) -> dict[str, str]:
    """One round: runs what is due; returns {job name: status} for the jobs that ran."""
    ran = {}
    for job in (JOBS if jobs is None else jobs).values():
        status = run_job_if_due(job, now=now)
        if status is not None:
            ran[job.name] = status
    return ran


# --- Core's jobs --------------------------------------------------------------------------
register("clearsessions", every=timedelta(days=1), command=("clearsessions",))
register("prune_db_task_results", every=timedelta(days=1), command=("prune_db_task_results",))
# Login attempts logged by django-axes, kept 30 days.
register("axes_reset_logs", every=timedelta(weeks=1), command=("axes_reset_logs", "--age", "30"))


def _optimize_statistics() -> str:
    from comptoir.core.bulk import optimize_statistics

    return optimize_statistics()


# SQLite keeps its planner statistics only if asked (PostgreSQL's autovacuum does it).
register("optimize_statistics", every=timedelta(days=1), call=_optimize_statistics)
