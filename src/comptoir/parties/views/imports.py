"""The import page: upload, preview with each row's verdict, then the import as a task."""

import secrets

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from comptoir.core.models import Company
from comptoir.core.progress import progress_start
from comptoir.core.queries import require
from comptoir.parties.imports import MAX_BYTES, ImportFileError, parse
from comptoir.parties.services.imports import MODES
from comptoir.parties.tasks import IMPORT_LABEL, parties_import

PREVIEW_ROWS = 20


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8 or Windows-1252, « ; » or « , ») or XLSX, 50 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    mode = forms.ChoiceField(
        label=_("If some rows are wrong"),
        choices=[
            ("keep-valid", _("import the valid rows and give me the rejected ones")),
            ("all-or-nothing", _("import nothing (all or nothing)")),
        ],
        initial="keep-valid",
        widget=forms.RadioSelect,
    )


@login_required
def import_upload(request):
    require(request.user, "parties.import_party")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read(MAX_BYTES + 1)
        company = Company.current()
        try:
            mapping, rows = parse(
                content, upload.name, default_country=company.country if company else "FR"
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            token = secrets.token_hex(12)
            extension = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
            path = default_storage.save(f"imports/{token}{extension}", ContentFile(content))
            request.session[f"import-{token}"] = {"path": path, "name": upload.name}
            rejected = [row for row in rows if not row.valid]
            return render(
                request,
                "parties/import_preview.html",
                {
                    "token": token,
                    "name": upload.name,
                    "mode": form.cleaned_data["mode"],
                    "columns": [(index, field) for index, field in sorted(mapping.items())],
                    "total": len(rows),
                    "valid": len(rows) - len(rejected),
                    "rejected": rejected[:PREVIEW_ROWS],
                    "rejected_count": len(rejected),
                },
            )
    return render(request, "parties/import_upload.html", {"form": form})


@login_required
@require_POST
def import_run(request, token):
    require(request.user, "parties.import_party")
    stored = request.session.pop(f"import-{token}", None)
    mode = request.POST.get("mode")
    if stored is None or mode not in MODES:
        return redirect("parties:import")
    result = parties_import.enqueue(
        user_id=request.user.pk, path=stored["path"], filename=stored["name"], mode=mode
    )
    progress_start(result_id=str(result.id), label=IMPORT_LABEL, user=request.user)
    return redirect("core:task-progress", result_id=result.id)
