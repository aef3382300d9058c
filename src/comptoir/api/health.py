"""GET /api/v1/health: for load balancers and monitoring; no authentication, no secrets."""

import time
from datetime import timedelta

from django.db import DatabaseError, connection
from django.db.models import Count, Max, Min
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from ninja import Router, Status

from comptoir.api.schemas import Health
from comptoir.core.models import WorkerHeartbeat

router = Router(tags=["health"])

# Workers beat every 30 seconds (core worker command); four missed beats mean none is running.
WORKER_SILENCE = timedelta(minutes=2)


def _database() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return {"ok": False, "vendor": connection.vendor, "latency_ms": None}
    latency = (time.perf_counter() - started) * 1000
    return {"ok": True, "vendor": connection.vendor, "latency_ms": round(latency, 2)}


def _worker(now) -> dict:
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


@router.get("/health", auth=None, response={200: Health, 503: Health}, summary="Health check")
def health(request):
    """200 while the database answers ("degraded" when no worker runs), 503 when it does not."""
    database = _database()
    if not database["ok"]:
        worker = {
            "ok": False,
            "last_seen": None,
            "pending_tasks": None,
            "oldest_pending_seconds": None,
        }
        return Status(503, {"status": "down", "database": database, "worker": worker})
    worker = _worker(timezone.now())
    status = "ok" if worker["ok"] else "degraded"
    return Status(200, {"status": status, "database": database, "worker": worker})
