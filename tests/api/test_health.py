from datetime import timedelta

import pytest
from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comptoir.core.models import WorkerHeartbeat

URL = "/api/v1/health"


def pending_task(enqueued_ago: timedelta):
    result = DBTaskResult.objects.create(
        task_path="comptoir.core.tasks.nothing",
        args_kwargs={"args": [], "kwargs": {}},
        queue_name="default",
        backend_name="default",
        run_after=timezone.now(),
    )
    DBTaskResult.objects.filter(pk=result.pk).update(enqueued_at=timezone.now() - enqueued_ago)
    return result


@pytest.mark.django_db
def test_health_needs_no_authentication_and_says_what_it_checked(client):
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"status", "database", "worker"}
    assert body["database"]["ok"] is True
    assert body["database"]["vendor"] == connection.vendor
    assert body["database"]["latency_ms"] >= 0
    assert set(body["worker"]) == {"ok", "last_seen", "pending_tasks", "oldest_pending_seconds"}


@pytest.mark.django_db
def test_no_worker_is_degraded_but_still_200(client):
    pending_task(timedelta(minutes=5))
    body = client.get(URL).json()
    assert body["status"] == "degraded"
    assert body["worker"]["ok"] is False
    assert body["worker"]["last_seen"] is None
    assert body["worker"]["pending_tasks"] == 1
    assert body["worker"]["oldest_pending_seconds"] >= 299


@pytest.mark.django_db
def test_a_worker_seen_recently_is_ok(client):
    WorkerHeartbeat.objects.create(name="web1:42", last_seen=timezone.now() - timedelta(seconds=30))
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["worker"]["ok"] is True
    assert body["worker"]["last_seen"] is not None
    assert body["worker"]["pending_tasks"] == 0
    assert body["worker"]["oldest_pending_seconds"] is None


@pytest.mark.django_db
def test_a_worker_silent_for_three_minutes_is_not_ok(client):
    WorkerHeartbeat.objects.create(name="web1:42", last_seen=timezone.now() - timedelta(minutes=3))
    body = client.get(URL).json()
    assert body["status"] == "degraded"
    assert body["worker"]["ok"] is False


@pytest.mark.django_db
def test_database_down_is_503(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get(URL)
    assert response.status_code == 503
    body = response.json()
    assert body["database"]["ok"] is False
    assert body["worker"]["ok"] is False
