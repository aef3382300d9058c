"""Background tasks of the client base (django-tasks; run by `comptoir worker`)."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from comptoir.core.models import Company, User
from comptoir.core.progress import progress_finish, progress_report, progress_start
from comptoir.core.tasks import export_dir
from comptoir.parties.imports import parse, rejects_csv
from comptoir.parties.services import (
    import_rows,
    prospects_erase_unreviewed,
    prospects_flag_stale,
)


@task()
def prospects_review() -> dict:
    """The GDPR retention of prospects: flag those untouched for three years, then erase the
    ones flagged over 30 days ago that nobody has dealt with. Erasing first means a prospect
    flagged today is never erased in the same run."""
    erased = prospects_erase_unreviewed()
    flagged = prospects_flag_stale()
    return {"flagged": flagged, "erased": erased}


IMPORT_LABEL = gettext_noop("Import of parties")


@task(takes_context=True)
def parties_import(
    context,
    *,
    user_id: int,
    path: str,
    filename: str,
    mode: str,
    on_match: str = "update",
    mapping: dict[str, str] | None = None,
) -> dict:
    """The import started from the import page or the API: read the stored file with the
    mapping the person checked ({column index: field}, guessed from the headers when None),
    write the valid rows, completing or skipping those that match a known record as they
    chose, and leave the rejects with their reason as a CSV to download."""
    result_id = str(context.task_result.id)
    user = User.objects.get(pk=user_id)
    with translation.override(user.language or None):
        with default_storage.open(path, "rb") as stored:
            content = stored.read()
        columns = {int(index): name for index, name in (mapping or {}).items() if name}
        columns, rows = parse(
            content,
            filename,
            mapping=columns or None,
            default_country=Company.current_country(),
        )
        progress_start(result_id=result_id, label=IMPORT_LABEL, user=user, total=len(rows))
        result = import_rows(
            by=user,
            rows=rows,
            mode=mode,
            on_match=on_match,
            label=filename,
            progress=lambda done, total: progress_report(context, done=done, total=total),
        )
        default_storage.delete(path)
        result_url = ""
        if result.rejected:
            default_storage.save(
                f"{export_dir(result_id)}rejets-{filename.rsplit('.', 1)[0]}.csv",
                ContentFile(rejects_csv(result.rejected, list(columns.values()))),
            )
            result_url = reverse("core:task-download", args=[result_id])
        message = _(
            "Records created: %(created)s; completed: %(updated)s; rows skipped: %(skipped)s; "
            "rejected: %(rejected)s."
        ) % (result.as_dict())
        if result.rejected and mode == "all-or-nothing":
            message += " " + _("All or nothing: nothing was imported.")
        progress_finish(context, result_url=result_url, message=message)
    return result.as_dict()


SCAN_LABEL = gettext_noop("Duplicate scan")


@task(takes_context=True)
def duplicates_scan(context, *, user_id: int | None = None) -> dict:
    """The duplicate scan of the whole client base, stored for the review screen: started
    from that screen (with the person who asked, who watches its progress) or every night
    (no one)."""
    from django.utils.translation import ngettext

    from comptoir.parties.services import duplicates_scan_store

    user = User.objects.filter(pk=user_id).first() if user_id else None
    with translation.override(user.language if user and user.language else None):
        if user is None:
            stored = duplicates_scan_store()
        else:
            result_id = str(context.task_result.id)
            progress_start(result_id=result_id, label=SCAN_LABEL, user=user)
            stored = duplicates_scan_store(
                progress=lambda done, total: progress_report(context, done=done, total=total)
            )
            message = ngettext(
                "%(count)s group of probable duplicates found.",
                "%(count)s groups of probable duplicates found.",
                stored.group_count,
            ) % {"count": stored.group_count}
            progress_finish(context, result_url=reverse("parties:duplicates"), message=message)
    return {"scan": stored.pk, "parties": stored.party_count, "groups": stored.group_count}
