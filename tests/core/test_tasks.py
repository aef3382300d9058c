"""Background tasks: progress rows, the progress page, the audit export and its download."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from comptoir.core import progress as progress_store
from comptoir.core import services
from comptoir.core.models import TaskProgress, WorkerHeartbeat
from comptoir.core.progress import progress_finish, progress_report, progress_start

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


def test_progress_is_written_and_read_back(users):
    progress_start(result_id="r1", label="Import", user=users["comptable"], total=10)

    assert progress_report("r1", done=3)
    row = TaskProgress.objects.get(result_id="r1")
    assert (row.done, row.total, row.percent) == (3, 10, 30)
    assert progress_store.with_states([row])[0].state == "running"

    # Right after a write, further reports are skipped to spare the database…
    assert not progress_report("r1", done=4)
    assert TaskProgress.objects.get(result_id="r1").done == 3
    # …but the last one always goes through.
    assert progress_report("r1", done=10, total=10, message="presque")
    assert TaskProgress.objects.get(result_id="r1").message == "presque"

    progress_finish("r1", result_url="/ici/")
    row = TaskProgress.objects.get(result_id="r1")
    assert (row.percent, row.result_url) == (100, "/ici/")
    assert progress_store.with_states([row])[0].state == "succeeded"


def test_starting_twice_keeps_what_the_task_reported(users):
    progress_start(result_id="r2", label="Import", user=users["comptable"], total=5)
    progress_report("r2", done=5, total=5)

    progress_start(result_id="r2", label="Import", user=users["comptable"])

    assert TaskProgress.objects.get(result_id="r2").done == 5


def test_progress_fragment_polls_while_running_and_stops_when_finished(users, client_as):
    progress_start(result_id="r3", label="Import", user=users["comptable"], total=4)
    progress_report("r3", done=1)
    client = client_as("comptable")
    url = reverse("core:task-progress", args=["r3"])

    running = client.get(url, **HTMX)
    assert running.status_code == 200
    assert 'hx-trigger="every 1s"' in running.text
    assert "<html" not in running.text  # only the fragment
    assert 'aria-valuenow="25"' in running.text

    progress_finish("r3", result_url="/resultat/")
    finished = client.get(url, **HTMX)
    assert "hx-trigger" not in finished.text
    assert 'href="/resultat/"' in finished.text

    page = client.get(url)
    assert "<html" in page.text and 'class="progress' in page.text


def test_only_the_owner_or_a_task_watcher_sees_a_progress(users, client_as):
    progress_start(result_id="r4", label="Import", user=users["comptable"])
    url = reverse("core:task-progress", args=["r4"])

    assert client_as("adv").get(url).status_code == 404
    assert client_as("administrateur").get(url).status_code == 200
    assert client_as("comptable").get(url).status_code == 200


def _export(client, data):
    response = client.post(reverse("core:audit-export"), data)
    assert response.status_code == 302
    result_id = response.url.rstrip("/").split("/")[-1]
    return result_id, response


def test_audit_export_writes_a_csv_for_french_excel(users, client_as, company):
    # Given a change to the company profile among many creations
    services.company_update(by=users["administrateur"], legal_name="Durand & Fils")
    client = client_as("comptable")

    # When the accountant exports the administrator's modifications
    result_id, response = _export(client, {"action": "update", "user": users["administrateur"].pk})

    # Then the progress page shows it finished, with a link to the file
    page = client.get(response.url, **HTMX)
    download_url = reverse("core:task-download", args=[result_id])
    assert f'href="{download_url}"' in page.text
    assert "hx-trigger" not in page.text

    download = client.get(download_url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    content = b"".join(download.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2  # the header and the one modification
    date, who, _action, _type, record, changes = rows[1]
    assert who == str(users["administrateur"])
    assert record == "Durand & Fils"
    assert "Atelier Durand SARL → Durand & Fils" in changes
    assert date.count("/") == 2


def test_audit_export_filters_by_user_and_dates(users, client_as, company):
    services.company_update(by=users["administrateur"], legal_name="Durand & Fils")
    client = client_as("comptable")

    result_id, _ = _export(client, {"user": users["comptable"].pk})
    content = b"".join(
        client.get(reverse("core:task-download", args=[result_id])).streaming_content
    )
    assert len(content.decode("utf-8-sig").splitlines()) == 1  # header only

    result_id, _ = _export(client, {"date_from": "2000-01-01", "date_to": "2000-12-31"})
    content = b"".join(
        client.get(reverse("core:task-download", args=[result_id])).streaming_content
    )
    assert len(content.decode("utf-8-sig").splitlines()) == 1


def test_export_download_is_for_its_owner_only(users, client_as, company):
    result_id, _ = _export(client_as("comptable"), {})
    url = reverse("core:task-download", args=[result_id])

    assert client_as("administrateur").get(url).status_code == 404
    assert client_as("adv").get(url).status_code == 404
    assert client_as("comptable").get(url).status_code == 200


def test_audit_export_needs_the_audit_permission_and_a_post(client_as):
    assert client_as("adv").post(reverse("core:audit-export")).status_code == 403
    assert client_as("comptable").get(reverse("core:audit-export")).status_code == 405
    assert not TaskProgress.objects.exists()


def test_task_list_shows_tasks_and_workers_to_administrators(users, client_as, company):
    _export(client_as("comptable"), {})
    WorkerHeartbeat.objects.create(name="srv1:123", last_seen="2020-01-01T00:00:00Z")

    page = client_as("administrateur").get(reverse("core:tasks"))

    assert page.status_code == 200
    assert "srv1:123" in page.text
    assert str(users["comptable"]) in page.text
    assert client_as("comptable").get(reverse("core:tasks")).status_code == 403


def test_task_list_says_what_to_do_when_empty(client_as):
    page = client_as("administrateur").get(reverse("core:tasks"))
    assert "empty-state" in page.text


def test_worker_runs_queued_tasks_and_removes_its_heartbeat(settings, users, monkeypatch):
    from django_tasks_db.management.commands import db_worker

    from comptoir.core.management.commands import worker
    from comptoir.core.tasks import audit_export

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # Beat in this thread: a second connection could not see this test's transaction.
    seen = []
    monkeypatch.setattr(worker.Heartbeat, "start", lambda self: seen.append(worker.beat(self.name)))
    # The worker drops connections it finds inside a transaction: this test's own.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(worker, "close_old_connections", lambda: None)
    result = audit_export.enqueue(user_id=users["comptable"].pk, filters={})
    assert not TaskProgress.objects.exists()

    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    progress = progress_store.with_states([TaskProgress.objects.get(result_id=str(result.id))])[0]
    assert progress.state == "succeeded"
    assert progress.result_url.endswith(f"/{result.id}/fichier/")
    assert seen and not WorkerHeartbeat.objects.exists()
