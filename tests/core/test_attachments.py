import io
import zipfile

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse

from comptoir.core import attachments
from comptoir.core.attachments import AttachmentRejected
from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import Attachment, User

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


@pytest.fixture
def english_users(users):
    # Messages are asserted in English; profiles say French by default. update(): no audit.
    User.objects.update(language="en")
    return users


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def office_file(extension: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if extension == ".docx":
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", "<w:document/>")
        else:
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
            archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


# --- The service --------------------------------------------------------------------------


def test_a_pdf_is_attached_under_a_name_of_ours(company, users, storage):
    attachment = attachments.attachment_add(
        record=company, file=upload("../../Devis signé.pdf", PDF), by=users["administrateur"]
    )
    assert attachment.name == "Devis_signé.pdf"
    assert attachment.mime_type == "application/pdf"
    assert attachment.size == len(PDF)
    assert attachment.uploaded_by == users["administrateur"]
    assert attachment.record == company
    assert attachment.file.name.startswith("attachments/")
    assert ".." not in attachment.file.name and "Devis" not in attachment.file.name
    (on_disk,) = stored_files(storage)
    assert on_disk.read_bytes() == PDF
    listed = attachments.attachments_for(record=company, user=users["comptable"])
    assert list(listed) == [attachment]


@pytest.mark.parametrize(
    ("name", "content", "mime_type"),
    [
        ("photo.PNG", PNG, "image/png"),
        ("scan.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        ("image.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
        ("clients.csv", "nom;ville\nHélène;Nîmes\n".encode("cp1252"), "text/csv"),
        ("notes.txt", "Réunion à 9 h".encode(), "text/plain"),
        ("contrat.docx", office_file(".docx"), None),
        ("tableau.ods", office_file(".ods"), "application/vnd.oasis.opendocument.spreadsheet"),
        (
            "ancien.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 24,
            "application/vnd.ms-excel",
        ),
    ],
)
def test_accepted_types(company, users, name, content, mime_type):
    attachment = attachments.attachment_add(
        record=company, file=upload(name, content), by=users["administrateur"]
    )
    if mime_type:
        assert attachment.mime_type == mime_type


def test_an_empty_file_is_refused(company, users, storage):
    with pytest.raises(AttachmentRejected, match="vide") as refused:
        attachments.attachment_add(
            record=company, file=upload("vide.pdf", b""), by=users["administrateur"]
        )
    assert refused.value.code == "empty_file"
    assert not Attachment.objects.exists() and not stored_files(storage)


def test_a_file_over_the_limit_is_refused_with_the_limit(company, users, settings, storage):
    settings.COMPTOIR_UPLOAD_MAX_BYTES = 1024 * 1024
    big = PDF + b"0" * (1024 * 1024)
    with pytest.raises(AttachmentRejected) as refused:
        attachments.attachment_add(
            record=company, file=upload("gros.pdf", big), by=users["administrateur"]
        )
    assert refused.value.code == "file_too_large"
    assert "1 Mo" in refused.value.message
    assert not stored_files(storage)


def test_a_type_outside_the_list_is_refused(company, users):
    with pytest.raises(AttachmentRejected, match="n'est pas accepté") as refused:
        attachments.attachment_add(
            record=company, file=upload("setup.exe", EXE), by=users["administrateur"]
        )
    assert refused.value.code == "file_type_not_allowed"


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [
        ("devis.pdf", EXE, ".pdf"),  # a program renamed
        ("devis.pdf", PNG, ".pdf"),  # another allowed type, still not what it says
        ("notes.txt", EXE, ".txt"),  # binary as text
        ("contrat.docx", b"PK\x03\x04" + b"\x00" * 30, ".docx"),  # a broken zip
        ("photo.jpg", b"<svg onload=alert(1)>", ".jpg"),
    ],
)
def test_content_must_match_the_extension(company, users, name, content, extension, storage):
    with pytest.raises(AttachmentRejected) as refused:
        attachments.attachment_add(
            record=company, file=upload(name, content), by=users["administrateur"]
        )
    assert refused.value.code == "file_content_mismatch"
    assert refused.value.message == (
        f"Le contenu de ce fichier ne correspond pas à son extension {extension}."
    )
    assert not stored_files(storage)


def test_any_zip_renamed_is_not_an_office_document(company, users):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.js", "alert(1)")
    with pytest.raises(AttachmentRejected):
        attachments.attachment_add(
            record=company,
            file=upload("rapport.docx", buffer.getvalue()),
            by=users["administrateur"],
        )


def test_only_who_may_change_the_record_attaches(company, users, storage):
    with pytest.raises(NotAllowed):
        attachments.attachment_add(
            record=company, file=upload("devis.pdf", PDF), by=users["comptable"]
        )
    assert not stored_files(storage)


def test_only_who_may_see_the_record_lists_its_files(company, users):
    with pytest.raises(NotAllowed):
        attachments.attachments_for(record=company, user=users["outsider"])


def test_the_stored_file_is_removed_when_the_row_cannot_be_written(
    company, users, storage, monkeypatch
):
    def broken_save(self, *args, **kwargs):
        raise IntegrityError("disk full on the database server")

    monkeypatch.setattr(Attachment, "save", broken_save)
    with pytest.raises(IntegrityError):
        attachments.attachment_add(
            record=company, file=upload("devis.pdf", PDF), by=users["administrateur"]
        )
    assert not stored_files(storage)


def test_delete_removes_the_file_once_committed(
    company, users, storage, django_capture_on_commit_callbacks
):
    attachment = attachments.attachment_add(
        record=company, file=upload("devis.pdf", PDF), by=users["administrateur"]
    )
    with pytest.raises(NotAllowed):
        attachments.attachment_delete(attachment=attachment, by=users["comptable"])
    with django_capture_on_commit_callbacks(execute=True):
        attachments.attachment_delete(attachment=attachment, by=users["administrateur"])
    assert not Attachment.objects.exists()
    assert not default_storage.exists(attachment.file.name)
    assert not stored_files(storage)


# --- Through the browser --------------------------------------------------------------------


def add_url(record) -> str:
    content_type = ContentType.objects.get_for_model(record)
    return reverse("core:attachment-add", args=[content_type.pk, record.pk])


def test_upload_with_htmx_answers_the_refreshed_panel(client_as, company, english_users):
    client = client_as("administrateur")
    response = client.post(
        add_url(company),
        {"file": upload("Kbis 2026.pdf", PDF), "next": "/parametres/entreprise/"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Kbis_2026.pdf" in html
    assert "has been added" in html
    assert Attachment.objects.get().name == "Kbis_2026.pdf"


def test_refused_upload_shows_the_reason_in_the_panel(client_as, company, english_users):
    client = client_as("administrateur")
    response = client.post(
        add_url(company), {"file": upload("devis.pdf", EXE)}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "does not match its .pdf extension" in html
    assert 'type="file"' in html  # the form is there to try another file
    assert not Attachment.objects.exists()


def test_upload_without_htmx_redirects_back(client_as, company):
    client = client_as("administrateur")
    response = client.post(
        add_url(company), {"file": upload("devis.pdf", PDF), "next": "/parametres/entreprise/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/parametres/entreprise/"
    response = client.post(
        add_url(company), {"file": upload("devis.pdf", PDF), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_upload_is_forbidden_without_the_change_permission(client_as, company, storage):
    response = client_as("comptable").post(add_url(company), {"file": upload("devis.pdf", PDF)})
    assert response.status_code == 403
    assert not Attachment.objects.exists() and not stored_files(storage)


def test_upload_to_something_that_is_not_a_business_record_is_not_found(client_as):
    session_type = ContentType.objects.get(app_label="sessions", model="session")
    url = reverse("core:attachment-add", args=[session_type.pk, "x"])
    response = client_as("administrateur").post(url, {"file": upload("devis.pdf", PDF)})
    assert response.status_code == 404


def test_download_sends_the_file_as_an_attachment(client_as, company, users):
    attachment = attachments.attachment_add(
        record=company, file=upload("Devis n°12.pdf", PDF), by=users["administrateur"]
    )
    response = client_as("comptable").get(reverse("core:attachment-download", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Devis_n12.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_download_is_refused_to_who_may_not_see_the_record(client_as, company, users):
    attachment = attachments.attachment_add(
        record=company, file=upload("devis.pdf", PDF), by=users["administrateur"]
    )
    url = reverse("core:attachment-download", args=[attachment.pk])
    assert client_as("outsider").get(url).status_code == 403
    assert client_as("comptable").get(url + "x").status_code == 404
    unknown = reverse("core:attachment-download", args=[attachment.pk + 1000])
    assert client_as("comptable").get(unknown).status_code == 404


def test_delete_through_the_panel(
    client_as, company, users, storage, django_capture_on_commit_callbacks
):
    attachment = attachments.attachment_add(
        record=company, file=upload("devis.pdf", PDF), by=users["administrateur"]
    )
    url = reverse("core:attachment-delete", args=[attachment.pk])
    assert client_as("comptable").post(url).status_code == 403
    client = client_as("administrateur")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Aucun document joint" in response.content.decode()
    assert not Attachment.objects.exists() and not stored_files(storage)


def test_company_page_shows_the_panel_by_permission(client_as, company, users, english_users):
    attachments.attachment_add(
        record=company, file=upload("statuts.pdf", PDF), by=users["administrateur"]
    )
    admin_page = client_as("administrateur").get(reverse("core:company")).content.decode()
    assert "statuts.pdf" in admin_page
    assert 'hx-encoding="multipart/form-data"' in admin_page
    assert "data-confirm=" in admin_page
    reader_page = client_as("comptable").get(reverse("core:company")).content.decode()
    assert "statuts.pdf" in reader_page
    assert 'hx-encoding="multipart/form-data"' not in reader_page
    assert "data-confirm=" not in reader_page


def test_empty_panel_says_what_to_do(client_as, company, english_users, settings):
    settings.COMPTOIR_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    page = client_as("administrateur").get(reverse("core:company")).content.decode()
    assert "No document attached yet: add a PDF, a picture or a spreadsheet (max 10 MB)." in page
