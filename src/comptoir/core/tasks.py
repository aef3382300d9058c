"""Background tasks of the core app (django-tasks; run by `comptoir worker`).

A task that produces a file writes exactly one file under `exports/<result id>/` in the
default storage; `core:task-download` serves it to the person who asked for it.
"""

import csv
import io
import posixpath
import tempfile

from django.core.files import File
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from comptoir.core.audit import acting_as
from comptoir.core.models import AuditEntry, User
from comptoir.core.progress import progress_finish, progress_report, progress_start
from comptoir.core.queries import audit_entries, require

AUDIT_EXPORT_LABEL = gettext_noop("Audit trail export")
# Reporting is cheap (throttled in progress_report) but not free: once per batch of rows.
REPORT_EVERY = 500


def export_dir(result_id: str) -> str:
    return f"exports/{result_id}/"


def result_file_response(progress, *, user, content_type: str | None = None) -> FileResponse:
    """The file a task left for the person who started it, as a download. Http404 for
    anyone else (an administrator watching tasks may not read their exports) or when the
    task left no file."""
    if progress.user_id != user.pk:
        raise Http404
    folder = export_dir(progress.result_id)
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        files = []
    if not files:
        raise Http404
    name = sorted(files)[0]
    return FileResponse(
        default_storage.open(posixpath.join(folder, name), "rb"),
        as_attachment=True,
        filename=name,
        content_type=content_type,
    )


def _field_label(model, name: str) -> str:
    try:
        return str(capfirst(model._meta.get_field(name).verbose_name))
    except Exception:  # a field since removed: its name is still better than nothing
        return name


def _changes_text(entry: AuditEntry) -> str:
    model = entry.content_type.model_class()
    lines = []
    for name, values in (entry.changes or {}).items():
        old, new = (list(values) + [None, None])[:2] if isinstance(values, list) else (None, values)
        label = _field_label(model, name) if model else name
        before = "" if old is None else f"{old} "
        lines.append(f"{label}: {before}→ {'' if new is None else new}")
    return "\n".join(lines)


def _record_type(entry: AuditEntry) -> str:
    model = entry.content_type.model_class()
    return str(capfirst(model._meta.verbose_name)) if model else entry.content_type.model


def write_audit_csv(entries, out, *, on_row=None) -> int:
    """Writes the entries as CSV for a French Excel (`;`, one line per change); returns the count."""
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        [_("Date"), _("User"), _("Action"), _("Record type"), _("Record"), _("Changes")]
    )
    count = 0
    for count, entry in enumerate(entries.iterator(chunk_size=2000), 1):
        writer.writerow(
            [
                timezone.localtime(entry.at).strftime("%d/%m/%Y %H:%M:%S"),
                str(entry.user) if entry.user else _("System"),
                entry.get_action_display(),
                _record_type(entry),
                entry.object_repr,
                _changes_text(entry),
            ]
        )
        if on_row:
            on_row(count)
    return count


@task(takes_context=True)
def audit_export(context, *, user_id: int, filters: dict) -> str:
    """The audit trail, filtered, as a CSV file; returns its name in the default storage."""
    result_id = str(context.task_result.id)
    user = User.objects.get(pk=user_id)
    # The permission is checked again here: it may have been withdrawn since the click.
    require(user, "core.view_auditentry")
    with acting_as(user), translation.override(user.language or None):
        # The same filters as the audit page, oldest first as a ledger reads.
        entries = audit_entries(user=user, filters=filters).order_by("at", "id")
        total = entries.count()
        progress_start(result_id=result_id, label=AUDIT_EXPORT_LABEL, user=user, total=total)

        def on_row(done):
            if done % REPORT_EVERY == 0:
                progress_report(context, done=done, total=total)

        # A spooled file: small exports stay in memory, big ones go to disk, never all in RAM.
        with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as raw:
            # utf-8-sig writes the BOM that makes Excel read the file as UTF-8.
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            write_audit_csv(entries, text, on_row=on_row)
            text.flush()
            text.detach()
            raw.seek(0)
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
            name = default_storage.save(
                f"{export_dir(result_id)}journal-audit-{stamp}.csv", File(raw)
            )
        progress_finish(
            context,
            result_url=reverse("core:task-download", args=[result_id]),
            message=_("%(count)d entries exported.") % {"count": total},
        )
    return name
