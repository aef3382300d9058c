"""Periodic jobs: run when due, once, with their status and output recorded."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from comptoir.core import scheduler
from comptoir.core.models import Company, ScheduledJobRun

pytestmark = pytest.mark.django_db


def _counting_job(calls, every=timedelta(hours=1)):
    def tick():
        calls.append(1)
        return "tick done"

    return {"tick": scheduler.Job(name="tick", every=every, call=tick)}


def test_a_due_job_runs_once_then_waits_for_its_period():
    calls = []
    jobs = _counting_job(calls)

    assert scheduler.run_due(jobs=jobs) == {"tick": "succeeded"}
    assert scheduler.run_due(jobs=jobs) == {}
    assert len(calls) == 1

    run = ScheduledJobRun.objects.get(name="tick")
    assert run.last_status == "succeeded"
    assert run.last_output == "tick done"
    assert run.last_started <= run.last_finished

    later = run.last_started + timedelta(hours=1)
    assert scheduler.run_due(jobs=jobs, now=later) == {"tick": "succeeded"}
    assert len(calls) == 2


def test_a_failing_job_is_recorded_as_failed_and_its_writes_undone():
    def broken():
        Company.objects.create(legal_name="Half done")
        raise RuntimeError("the bank did not answer")

    jobs = {"broken": scheduler.Job(name="broken", every=timedelta(days=1), call=broken)}

    assert scheduler.run_due(jobs=jobs) == {"broken": "failed"}

    run = ScheduledJobRun.objects.get(name="broken")
    assert run.last_status == "failed"
    assert "the bank did not answer" in run.last_output
    assert not Company.objects.filter(legal_name="Half done").exists()
    # Failed or not, it waits for its period before the next try.
    assert scheduler.run_due(jobs=jobs) == {}


def test_a_command_job_runs_the_command():
    Session.objects.create(
        session_key="old", session_data="x", expire_date=timezone.now() - timedelta(days=1)
    )
    jobs = {
        "clearsessions": scheduler.Job(
            name="clearsessions", every=timedelta(days=1), command=("clearsessions",)
        )
    }

    assert scheduler.run_due(jobs=jobs) == {"clearsessions": "succeeded"}
    assert not Session.objects.filter(session_key="old").exists()


def test_register_wants_a_command_or_a_callable():
    with pytest.raises(ValueError):
        scheduler.register("nothing", every=timedelta(days=1))


def test_scheduler_once_runs_the_registered_jobs(settings, capsys):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    call_command("scheduler", "--once")

    statuses = dict(ScheduledJobRun.objects.values_list("name", "last_status"))
    assert statuses["clearsessions"] == "succeeded"
    assert statuses["prune_db_task_results"] == "succeeded"
    assert statuses["axes_reset_logs"] == "succeeded"
    assert "clearsessions" in capsys.readouterr().out

    call_command("scheduler", "--once")
    assert "clearsessions" not in capsys.readouterr().out
