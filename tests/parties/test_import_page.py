"""The import page: check the file, see each rejected row's reason, import as a task."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from comptoir.core.models import TaskProgress
from comptoir.parties.models import Organisation

FILE = (
    "Raison sociale;SIREN;Téléphone\n"
    "Boulangerie Martin;732 829 320;04 78 95 02 13\n"
    "Mauvais SIREN;123456789;\n"
).encode("cp1252")


def upload(client, mode="keep-valid", content=FILE, name="clients.csv"):
    return client.post(
        reverse("parties:import"), {"file": SimpleUploadedFile(name, content), "mode": mode}
    )


def test_preview_then_import_with_rejects_to_download(client_as):
    client = client_as("administrateur")
    preview = upload(client)
    page = preview.content.decode()
    assert 'id="rows-valid">1<' in page and 'id="rows-rejected">1<' in page
    assert "123456789" in page  # the rejected row says why
    token = preview.context["token"]

    response = client.post(reverse("parties:import-run", args=[token]), {"mode": "keep-valid"})
    assert response.status_code == 302
    assert Organisation.objects.get().siren == "732829320"
    progress = TaskProgress.objects.get()
    assert progress.result_url  # the reject file
    rejects = client.get(progress.result_url)
    content = b"".join(rejects.streaming_content).decode("utf-8-sig")
    assert "Mauvais SIREN" in content and "SIREN" in content


def test_all_or_nothing_with_rejects_cannot_be_started(client_as):
    page = upload(client_as("administrateur"), mode="all-or-nothing").content.decode()
    assert "disabled" in page


def test_unreadable_file_is_refused_on_the_form(client_as):
    response = upload(client_as("administrateur"), content=b"\x00\x01binary", name="x.csv")
    assert response.status_code == 200
    assert "CSV ou XLSX" in response.content.decode()
    assert not Organisation.objects.exists()


def test_import_page_needs_the_import_permission(client_as):
    assert client_as("charge_clientele").get(reverse("parties:import")).status_code == 403
