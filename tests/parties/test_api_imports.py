"""Importing parties through the API: the file checked at once, the import as a task to follow."""

from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from comptoir.core.tokens import api_token_create
from comptoir.parties import imports
from comptoir.parties.models import Email, Organisation
from comptoir.parties.services import mapping_save
from tests.french import french

URL = "/api/v1/parties/imports"
FILE = (
    "Raison sociale;SIREN;Téléphone;E-mail\n"
    "Boulangerie Martin;732 829 320;04 78 95 02 13;contact@martin.fr\n"
    "Mauvais SIREN;123456789;;\n"
    "Garage Dupont;;;garage@dupont.fr\n"
).encode()


@pytest.fixture
def dupont(db):
    organisation = Organisation.objects.create(
        kind="organisation", name="Garage Dupont SA", legal_name="Garage Dupont SA"
    )
    Email.objects.create(party=organisation, address="garage@dupont.fr", is_default=True)
    return organisation


def send(client, headers, content=FILE, name="clients.csv", **fields):
    return client.post(URL, {"file": SimpleUploadedFile(name, content), **fields}, headers=headers)


def test_the_file_is_checked_then_imported_in_the_background(client, token_for, dupont):
    headers = token_for("administrateur")
    response = send(client, headers)
    assert response.status_code == 202, response.content
    started = response.json()
    assert (started["rows"], started["valid"], started["rejected"], started["matches"]) == (
        3,
        2,
        1,
        1,
    )
    assert started["mapping"] == {
        "Raison sociale": "name",
        "SIREN": "siren",
        "Téléphone": "phone",
        "E-mail": "email",
    }
    assert started["status_url"] == f"{URL}/{started['task_id']}"
    assert started["page_url"] == f"/taches/{started['task_id']}/"

    status = client.get(started["status_url"], headers=headers)
    assert status.status_code == 200, status.content
    body = status.json()
    assert (body["state"], body["percent"]) == ("succeeded", 100)
    assert body["message"] == french(
        "Fiches créées : 1 ; complétées : 1 ; lignes ignorées : 0 ; rejetées : 1."
    )
    assert Organisation.objects.get(siren="732829320").name == "Boulangerie Martin"
    assert dupont.emails.count() == 1  # completed, not duplicated
    assert Organisation.objects.count() == 2

    rejects = client.get(body["rejects_url"], headers=headers)
    assert rejects.status_code == 200
    assert rejects["Content-Type"].startswith("text/csv")
    text = b"".join(rejects.streaming_content).decode("utf-8-sig")
    assert "Mauvais SIREN" in text and "123456789" in text


def test_known_records_can_be_skipped(client, token_for, dupont):
    response = send(client, token_for("administrateur"), on_match="skip")
    assert response.status_code == 202
    assert Organisation.objects.count() == 2
    assert not dupont.phones.exists()


def test_all_or_nothing_imports_nothing_when_a_row_is_rejected(client, token_for):
    headers = token_for("administrateur")
    started = send(client, headers, mode="all-or-nothing").json()
    assert started["rejected"] == 1
    body = client.get(started["status_url"], headers=headers).json()
    assert "rien n'a été importé" in body["message"]
    assert not Organisation.objects.exists()


def test_a_saved_template_maps_the_columns(client, token_for, users):
    mapping_save(
        by=users["administrateur"],
        name="Salon de Lyon",
        headers=["Société", "Contact mail"],
        mapping={0: "name", 1: "email"},
    )
    content = "Société;Contact mail\nLe Fournil;pain@fournil.fr\n".encode()
    response = send(client, token_for("administrateur"), content=content, mapping="Salon de Lyon")
    assert response.status_code == 202, response.content
    assert response.json()["mapping"] == {"Société": "name", "Contact mail": "email"}
    assert Organisation.objects.get().emails.get().address == "pain@fournil.fr"


def test_an_unknown_template_is_refused_with_the_names_that_exist(client, token_for, users):
    mapping_save(
        by=users["administrateur"], name="Export ERP", headers=["Nom"], mapping={0: "name"}
    )
    response = send(client, token_for("administrateur"), mapping="Salon")
    assert response.status_code == 400
    assert response.json()["code"] == "import_mapping"
    assert french("« Export ERP »") in response.json()["message"]
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "vide.csv", "Le fichier est vide."),
        (b"\x00\x01\x02binary", "x.csv", "CSV ou XLSX"),
        (b"PK\x03\x04 not a workbook", "x.xlsx", "XLSX"),
        (b"Raison sociale;SIREN\n", "x.csv", "aucune donnée"),
    ],
)
def test_a_file_that_cannot_be_read_is_a_400_saying_why(client, token_for, content, name, message):
    response = send(client, token_for("administrateur"), content=content, name=name)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "import_file"
    assert message in body["message"]
    assert body["errors"][0]["field"] == "file"


def test_an_oversized_file_is_refused(client, token_for, monkeypatch):
    monkeypatch.setattr(imports, "MAX_BYTES", 2**20)
    content = FILE + b"Boulangerie Martin;;;\n" * 50_000  # 1.1 MB
    response = send(client, token_for("administrateur"), content=content)
    assert response.status_code == 400
    assert response.json()["message"] == "Le fichier dépasse 1 Mo."
    assert not Organisation.objects.exists()


def test_a_file_without_a_name_column_is_refused(client, token_for):
    content = "Client;Tél.\nMartin;04 78 95 02 13\n".encode()
    response = send(client, token_for("administrateur"), content=content)
    assert response.status_code == 400
    assert response.json()["code"] == "import_mapping"
    assert "Aucune colonne ne contient de nom" in response.json()["message"]


def test_an_unknown_mode_is_a_validation_error(client, token_for):
    response = send(client, token_for("administrateur"), mode="sometimes")
    assert response.status_code == 422
    assert not Organisation.objects.exists()


def test_importing_needs_the_import_permission(client, token_for):
    response = send(client, token_for("charge_clientele"))
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not Organisation.objects.exists()


def test_an_import_is_seen_only_by_the_person_who_started_it(client, token_for, users):
    started = send(client, token_for("administrateur")).json()
    users["direction"].user_permissions.add(Permission.objects.get(codename="import_party"))
    other = token_for("direction")
    assert client.get(started["status_url"], headers=other).status_code == 404
    assert client.get(f"{started['status_url']}/rejects", headers=other).status_code == 404
    assert (
        client.get(started["status_url"], headers=token_for("charge_clientele")).status_code == 403
    )
    assert client.get(f"{URL}/not-a-task", headers=token_for("administrateur")).status_code == 404


def test_the_endpoints_are_documented(client):
    schema = client.get("/api/v1/openapi.json").json()
    start = schema["paths"][URL]["post"]
    assert start["summary"] == "Import a file of parties"
    assert "multipart/form-data" in start["requestBody"]["content"]
    assert {"202", "400", "403"} <= set(start["responses"])
    assert "curl" in start["description"]
    status = schema["paths"][URL + "/{task_id}"]["get"]
    assert status["summary"] == "Progress of an import" and status["description"]
    rejects = schema["paths"][URL + "/{task_id}/rejects"]["get"]
    assert "text/csv" in rejects["responses"]["200"]["content"]
    started = schema["components"]["schemas"]["ImportStarted"]
    assert started["properties"]["matches"]["examples"] == [87]


@pytest.mark.django_db(transaction=True)
def test_with_a_real_worker_the_status_waits_then_gives_the_counts(client, settings, users):
    # The database backend of production: the request only enqueues; a worker runs it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _token, raw_key = api_token_create(user=users["administrateur"], name="script")
    headers = {"Authorization": f"Bearer {raw_key}"}
    started = send(client, headers).json()
    waiting = client.get(started["status_url"], headers=headers).json()
    assert (waiting["state"], waiting["result"], waiting["rejects_url"]) == ("waiting", None, None)
    assert not Organisation.objects.exists()

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())

    done = client.get(started["status_url"], headers=headers).json()
    assert done["state"] == "succeeded"
    assert done["result"] == {"created": 2, "updated": 0, "skipped": 0, "rejected": 1}
    assert done["rejects_url"].endswith("/rejects")
    assert Organisation.objects.count() == 2
