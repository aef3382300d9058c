"""Files joined to any business record: what may be uploaded, who may add, see and remove them.

The client's file name and content type are never trusted: the extension must be in the
allow-list AND the first bytes must be those of that kind of file, so a program renamed
`devis.pdf` is refused. Files are stored under a random name; the cleaned original name is
only shown and used for the download.
"""

import codecs
import secrets
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404
from django.utils.formats import number_format
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext as _

from comptoir.core.exceptions import CoreError, NotAllowed
from comptoir.core.models import Attachment, AuditedModel

# Magic bytes -> kind of content. "text" has none: it is recognised by decoding.
PDF, PNG, JPEG, GIF, WEBP, ZIP, OLE, TEXT = (
    "pdf",
    "png",
    "jpeg",
    "gif",
    "webp",
    "zip",
    "ole",
    "text",
)

# Extension -> (kind of content it must have, MIME type we serve it with).
ALLOWED_TYPES: dict[str, tuple[str, str]] = {
    ".pdf": (PDF, "application/pdf"),
    ".png": (PNG, "image/png"),
    ".jpg": (JPEG, "image/jpeg"),
    ".jpeg": (JPEG, "image/jpeg"),
    ".gif": (GIF, "image/gif"),
    ".webp": (WEBP, "image/webp"),
    ".txt": (TEXT, "text/plain"),
    ".csv": (TEXT, "text/csv"),
    ".eml": (TEXT, "message/rfc822"),
    ".xlsx": (ZIP, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".docx": (ZIP, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".odt": (ZIP, "application/vnd.oasis.opendocument.text"),
    ".ods": (ZIP, "application/vnd.oasis.opendocument.spreadsheet"),
    ".xls": (OLE, "application/vnd.ms-excel"),
    ".doc": (OLE, "application/msword"),
    ".msg": (OLE, "application/vnd.ms-outlook"),
}

# Read once to recognise the content: enough for every signature above.
HEAD_BYTES = 16


class AttachmentRejected(CoreError):
    """The file may not be attached; the message says why, the code says it to the API."""

    code = "attachment_rejected"

    def __init__(self, message: str, *, code: str = "attachment_rejected"):
        super().__init__(message)
        self.code = code


def accepted_extensions() -> str:
    """For the file input's `accept` attribute."""
    return ",".join(ALLOWED_TYPES)


def max_upload_mb() -> str:
    """The upload limit in MB, as people read it ("10", "2,5" in French)."""
    megabytes = settings.COMPTOIR_UPLOAD_MAX_BYTES / (1024 * 1024)
    return number_format(round(megabytes, 1), decimal_pos=0 if megabytes == int(megabytes) else 1)


# --- Permissions -------------------------------------------------------------------------


def _permission(model, action: str) -> str:
    opts = model._meta.concrete_model._meta
    return f"{opts.app_label}.{action}_{opts.model_name}"


def _require(user, model, action: str) -> None:
    permission = _permission(model, action)
    if user is None or not user.has_perm(permission):
        raise NotAllowed(permission)


def may_change(*, record, user) -> bool:
    return user is not None and user.has_perm(_permission(type(record), "change"))


def record_for(*, user, content_type_id: int, object_id: str, action: str = "view"):
    """The business record an upload URL names, once `user` may `action` records of its kind.

    Only audited business records take attachments: a content type id cannot be used to
    attach files to sessions, permissions or attachments themselves.
    """
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
    except ContentType.DoesNotExist:
        raise Http404 from None
    model = content_type.model_class()
    if model is None or not issubclass(model, AuditedModel) or issubclass(model, Attachment):
        raise Http404
    _require(user, model, action)
    try:
        return model._default_manager.get(pk=model._meta.pk.to_python(object_id))
    except (model.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None


# --- Checking what was uploaded --------------------------------------------------------


def _kind_of(head: bytes) -> str | None:
    if head.startswith(b"%PDF"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        return ZIP
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OLE
    return None


def _is_text(file) -> bool:
    """UTF-8 or Windows-1252 throughout (what spreadsheets export as CSV), and no NUL byte."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for chunk in file.chunks():
                if b"\x00" in chunk:
                    return False
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _is_office_zip(file, extension: str) -> bool:
    """A real OOXML or OpenDocument file, not any zip archive renamed."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if extension in (".xlsx", ".docx"):
                return "[Content_Types].xml" in names
            return "mimetype" in names and archive.read("mimetype").startswith(
                b"application/vnd.oasis.opendocument."
            )
    except (zipfile.BadZipFile, KeyError, OSError):
        return False
    finally:
        file.seek(0)


def _content_matches(file, extension: str, expected: str) -> bool:
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    found = _kind_of(head)
    if expected == TEXT:
        return found is None and _is_text(file)
    if found != expected:
        return False
    if expected == ZIP:
        return _is_office_zip(file, extension)
    return True


def check_upload(file) -> tuple[str, str, str]:
    """Refuse what may not be attached; returns (clean name, extension, MIME type)."""
    original = PurePath(file.name or "").name
    extension = PurePath(original).suffix.lower()
    if not file.size:
        raise AttachmentRejected(_("This file is empty."), code="empty_file")
    if file.size > settings.COMPTOIR_UPLOAD_MAX_BYTES:
        raise AttachmentRejected(
            _("This file is too big: the limit is %(limit)s MB.") % {"limit": max_upload_mb()},
            code="file_too_large",
        )
    if extension not in ALLOWED_TYPES:
        raise AttachmentRejected(
            _(
                "This type of file is not accepted. Add a PDF, a picture (PNG, JPEG, GIF, WebP), "
                "a text or CSV file, an office document (Word, Excel, OpenDocument) or an e-mail."
            ),
            code="file_type_not_allowed",
        )
    expected, mime_type = ALLOWED_TYPES[extension]
    if not _content_matches(file, extension, expected):
        raise AttachmentRejected(
            _("The content of this file does not match its %(extension)s extension.")
            % {"extension": extension},
            code="file_content_mismatch",
        )
    try:
        name = get_valid_filename(original)
    except Exception:  # SuspiciousFileOperation: nothing usable is left of the name
        name = f"document{extension}"
    return name[:255], extension, mime_type


def _storage_name(name: str, extension: str) -> str:
    # The path comes from us only: a slug of the name, for whoever browses the bucket, and
    # a random suffix, so that names cannot be guessed nor collide.
    stem = slugify(PurePath(name).stem)[:40] or "document"
    return f"{stem}-{secrets.token_hex(8)}{extension}"


# --- Services and queries --------------------------------------------------------------


def attachment_add(*, record: models.Model, file, by) -> Attachment:
    """Attach an uploaded file to `record` (a Django File/UploadedFile)."""
    _require(by, type(record), "change")
    name, extension, mime_type = check_upload(file)
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(record),
        object_id=str(record.pk),
        name=name,
        mime_type=mime_type,
        size=file.size,
        uploaded_by=by,
    )
    stored = None
    try:
        with transaction.atomic():
            attachment.file.save(_storage_name(name, extension), file, save=False)
            stored = attachment.file.name
            attachment.save()
    except BaseException:
        # Storage is not transactional: a file without its row would never be found again.
        if stored:
            attachment.file.storage.delete(stored)
        raise
    return attachment


def attachment_delete(*, attachment: Attachment, by) -> None:
    _require(by, attachment.content_type.model_class(), "change")
    storage, stored = attachment.file.storage, attachment.file.name
    with transaction.atomic():
        attachment.delete()
        # Only once the row is surely gone: a rollback must not leave a row without its file.
        if stored:
            transaction.on_commit(lambda: storage.delete(stored))


def attachments_for(*, record: models.Model, user):
    """The files joined to `record`, newest first, for a user who may see such records."""
    _require(user, type(record), "view")
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=str(record.pk)
    ).select_related("uploaded_by")


def attachment_get(*, user, pk: int, action: str = "view") -> Attachment:
    """One attachment, for a user who may `action` the kind of record it is joined to."""
    try:
        attachment = Attachment.objects.select_related("content_type").get(pk=pk)
    except Attachment.DoesNotExist:
        raise Http404 from None
    model = attachment.content_type.model_class()
    if model is None:  # the app that owned the record is gone
        raise Http404
    _require(user, model, action)
    return attachment


def attachment_open(*, attachment: Attachment, user):
    """The stored file, opened for reading, for a user who may see the record."""
    _require(user, attachment.content_type.model_class(), "view")
    try:
        return attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
