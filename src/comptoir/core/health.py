"""Is Comptoir well? The database answers, a worker runs, tasks do not pile up.

Read by /api/v1/health (load balancers, monitoring) and by the administrator's home page.
"""

import time
from datetime import timedelta

from django.db import DatabaseError, connection
from django.db.models import Count, Max, Min
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from comptoir.core.models import WorkerHeartbeat

# Workers beat every 30 seconds (core worker command); four missed beats mean none is running.
WORKER_SILENCE = timedelta(minutes=2)


def database_status() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return {"ok": False, "vendor": connection.vendor, "latency_ms": None}
    latency = (time.perf_counter() - started) * 1000
    return {"ok": True, "vendor": connection.vendor, "latency_ms": round(latency, 2)}


def worker_status(now=None) -> dict:
    now = now or timezone.now()
    last_seen = WorkerHeartbeat.objects.aggregate(last=Max("last_seen"))["last"]
    pending = DBTaskResult.objects.filter(status=TaskResultStatus.READY).aggregate(
        count=Count("pk"), oldest=Min("enqueued_at")
    )
    return {
        "ok": last_seen is not None and now - last_seen <= WORKER_SILENCE,
        "last_seen": last_seen,
        "pending_tasks": pending["count"],
        "oldest_pending_seconds": round((now - pending["oldest"]).total_seconds(), 1)
        if pending["oldest"]
        else None,
    }


def system_status() -> dict:
    """{"status": "ok" | "degraded" | "down", "database": {...}, "worker": {...}}."""
    database = database_status()
    if not database["ok"]:
        worker = {
            "ok": False,
            "last_seen": None,
            "pending_tasks": None,
            "oldest_pending_seconds": None,
        }
        return {"status": "down", "database": database, "worker": worker}
    worker = worker_status()
    return {"status": "ok" if worker["ok"] else "degraded", "database": database, "worker": worker}
