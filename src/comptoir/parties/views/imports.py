"""The import page: upload, preview with the column mapping, each rejected row's reason and
the rows that match known records, then the import as a task.

The file is stored under a random token at the upload and named in the session until the
import runs, so the person can correct the mapping and check again without sending it twice.
"""

import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from comptoir.core.models import Company
from comptoir.core.progress import progress_start
from comptoir.core.queries import require
from comptoir.parties import imports
from comptoir.parties.imports import FIELD_LABELS, HEADERS, ImportFileError
from comptoir.parties.queries import find_matches
from comptoir.parties.services.imports import IMPORT_MODES, ON_MATCH
from comptoir.parties.services.mappings import (
    MappingError,
    import_file_read,
    mapping_list,
    mapping_save,
)
from comptoir.parties.tasks import IMPORT_LABEL, parties_import

PREVIEW_ROWS = 20
MODE_CHOICES = [
    ("keep-valid", _("import the valid rows and give me the rejected ones")),
    ("all-or-nothing", _("import nothing (all or nothing)")),
]
ON_MATCH_CHOICES = [
    ("update", _("complete the existing record (empty fields, new phones and e-mails)")),
    ("skip", _("skip these rows")),
]
MATCH_REASONS = {
    "siren": _("same SIREN"),
    "email": _("same e-mail"),
    "phone": _("same phone"),
}
IGNORE = ""


def _field_choices():
    return [(IGNORE, _("— ignore this column —"))] + [
        (name, FIELD_LABELS[name]) for name in HEADERS
    ]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    template = forms.ModelChoiceField(
        label=_("Column mapping template"),
        queryset=None,
        required=False,
        empty_label=_("guess from the headers"),
        help_text=_(
            "Columns the template knows by their header follow it; the others are guessed. "
            "A template is saved from the next step."
        ),
    )
    mode = forms.ChoiceField(
        label=_("If some rows are wrong"),
        choices=MODE_CHOICES,
        initial="keep-valid",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = mapping_list(user=user)
        self.fields["file"].help_text = _(
            "CSV (UTF-8 or Windows-1252, « ; » or « , ») or XLSX, %(mb)s MB at most."
        ) % {"mb": imports.MAX_BYTES // 2**20}


class MappingForm(forms.Form):
    """The preview's form: a field per column of the file, what to do with the rows that
    match a known record, and whether to keep the mapping as a template."""

    mode = forms.ChoiceField(choices=MODE_CHOICES, widget=forms.HiddenInput)
    on_match = forms.ChoiceField(
        label=_("For the rows that match an existing record"),
        choices=ON_MATCH_CHOICES,
        initial="update",
        widget=forms.RadioSelect,
    )
    save_template = forms.BooleanField(label=_("Save this column mapping"), required=False)
    template_name = forms.CharField(
        label=_("Template name"),
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Lyon trade fair exhibitors")}),
    )

    def __init__(self, *args, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = headers
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header or gettext("column %(number)s") % {"number": index + 1},
                choices=_field_choices(),
                required=False,
                widget=forms.Select(attrs={"class": "form-select-sm"}),
            )

    def mapping(self) -> dict[int, str]:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return {
            index: data[f"column_{index}"]
            for index in range(len(self.headers))
            if data.get(f"column_{index}")
        }

    def clean(self):
        cleaned = super().clean()
        mapping = self.mapping()
        seen: dict[str, int] = {}
        for index, name in sorted(mapping.items()):
            if name in seen:
                self.add_error(
                    f"column_{index}",
                    _("« %(field)s » is already given to another column.")
                    % {"field": FIELD_LABELS[name]},
                )
            seen.setdefault(name, index)
        if cleaned.get("save_template") and not (cleaned.get("template_name") or "").strip():
            self.add_error("template_name", _("Give the mapping template a name."))
        return cleaned


def _session_key(token: str) -> str:
    return f"import-{token}"


def _stored_mapping(stored: dict) -> dict[int, str] | None:
    if stored.get("mapping") is None:
        return None
    return {int(index): name for index, name in stored["mapping"].items()}


def _render_preview(request, *, token, stored, form, read, problems=(), status=200):
    """The preview: the mapping (with the person's choices), the verdict of the rows when
    the mapping is usable, and the rows that match records already in the base."""
    rows = read.rows if read else []
    rejected = [row for row in rows if not row.valid]
    matches = find_matches(rows) if rows else {}
    by_line = {row.line: row for row in rows}
    shown_matches = []
    for line in sorted(matches)[:PREVIEW_ROWS]:
        values = by_line[line].values
        shown_matches.append(
            {
                "line": line,
                "name": values.get("name")
                or " ".join(filter(None, (values.get("last_name"), values.get("first_name")))),
                "match": matches[line],
                "reason": MATCH_REASONS.get(matches[line].reason, matches[line].reason),
            }
        )
    columns = [
        {
            "index": index,
            "number": index + 1,
            "header": header,
            "samples": read.samples[index] if read and index < len(read.samples) else [],
            "field": form[f"column_{index}"],
        }
        for index, header in enumerate(stored["headers"])
    ]
    context = {
        "token": token,
        "name": stored["name"],
        "form": form,
        "columns": columns,
        "problems": list(problems) or list(form.non_field_errors()),
        "checked": bool(rows),
        "mode": stored["mode"],
        "template_used": stored.get("template", ""),
        "total": len(rows),
        "valid": len(rows) - len(rejected),
        "rejected": rejected[:PREVIEW_ROWS],
        "rejected_count": len(rejected),
        "matches": shown_matches,
        "matches_count": len(matches),
    }
    return render(request, "parties/import_preview.html", context, status=status)


@login_required
def import_upload(request):
    require(request.user, "parties.import_party")
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        template = form.cleaned_data["template"]
        content = upload.read(imports.MAX_BYTES + 1)
        try:
            read = import_file_read(
                content, upload.name, template=template, default_country=Company.current_country()
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            token = secrets.token_hex(12)
            extension = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
            path = default_storage.save(f"imports/{token}{extension}", ContentFile(content))
            mode = form.cleaned_data["mode"]
            stored = {
                "path": path,
                "name": upload.name,
                "headers": read.headers,
                "mode": mode,
                "template": template.name if template else "",
                # The mapping the preview's counts were made with; None until one is usable.
                "mapping": None if read.problems else {str(i): f for i, f in read.mapping.items()},
            }
            request.session[_session_key(token)] = stored
            initial = {f"column_{i}": read.mapping.get(i, IGNORE) for i in range(len(read.headers))}
            preview_form = MappingForm(
                initial={
                    **initial,
                    "mode": mode,
                    "on_match": "update",
                    "template_name": stored["template"],
                },
                headers=read.headers,
            )
            return _render_preview(
                request,
                token=token,
                stored=stored,
                form=preview_form,
                read=read,
                problems=read.problems,
            )
    return render(request, "parties/import_upload.html", {"form": form})


def _check(request, token: str, stored: dict, form: MappingForm):
    """Read the stored file again with the mapping posted; a usable one becomes the mapping
    the import will run with."""
    with default_storage.open(stored["path"], "rb") as file:
        content = file.read()
    read = import_file_read(
        content,
        stored["name"],
        mapping=_posted_mapping(form),
        default_country=Company.current_country(),
    )
    if not read.problems:
        stored["mapping"] = {str(i): f for i, f in read.mapping.items()}
        request.session[_session_key(token)] = stored
    return read


def _posted_mapping(form: MappingForm) -> dict[int, str]:
    """What the person chose, even when the form is not valid (to list the problems)."""
    return {
        index: form.data.get(f"column_{index}")
        for index in range(len(form.headers))
        if form.data.get(f"column_{index}") in HEADERS
    }


def _stored_or_restart(request, token: str):
    stored = request.session.get(_session_key(token))
    if stored is None or not default_storage.exists(stored["path"]):
        messages.warning(
            request, gettext("This file is no longer available: choose it again, please.")
        )
        return None
    return stored


def _save_template(request, token: str, stored: dict, form: MappingForm) -> bool:
    """Keep the mapping as a template if asked; False (with the form error) if it cannot be."""
    if not form.cleaned_data.get("save_template"):
        return True
    try:
        template = mapping_save(
            by=request.user,
            name=form.cleaned_data["template_name"],
            headers=stored["headers"],
            mapping=_stored_mapping(stored) or {},
        )
    except MappingError as error:
        form.add_error("template_name", error.message)
        return False
    if template.replaced:
        message = gettext("The mapping template « %(name)s » has been replaced.")
    else:
        message = gettext("The mapping template « %(name)s » has been saved.")
    messages.success(request, message % {"name": template.name})
    stored["template"] = template.name
    request.session[_session_key(token)] = stored
    return True


@login_required
@require_POST
def import_check(request, token):
    """« Check again »: the rows read with the mapping the person chose."""
    require(request.user, "parties.import_party")
    stored = _stored_or_restart(request, token)
    if stored is None:
        return redirect("parties:import")
    form = MappingForm(request.POST, headers=stored["headers"])
    read = _check(request, token, stored, form)
    asked = form.is_valid() and not read.problems and form.cleaned_data["save_template"]
    if asked and _save_template(request, token, stored, form):
        # Saved: untick the box, so that importing next does not save it again.
        data = request.POST.copy()
        data.pop("save_template", None)
        form = MappingForm(data, headers=stored["headers"])
        form.is_valid()
    return _render_preview(
        request, token=token, stored=stored, form=form, read=read, problems=read.problems
    )


@login_required
@require_POST
def import_run(request, token):
    require(request.user, "parties.import_party")
    stored = _stored_or_restart(request, token)
    if stored is None:
        return redirect("parties:import")
    data = request.POST.copy()
    if not any(key.startswith("column_") for key in data):
        # Only the choices of the preview were posted: the mapping is the one checked.
        for index, name in (_stored_mapping(stored) or {}).items():
            data[f"column_{index}"] = name
    data.setdefault("mode", stored["mode"])
    data.setdefault("on_match", "update")
    form = MappingForm(data, headers=stored["headers"])
    verified = _stored_mapping(stored)
    if not form.is_valid() or form.mapping() != verified:
        # The person changed the mapping since the counts shown: show the new ones first.
        read = _check(request, token, stored, form)
        if form.is_valid() and not read.problems:
            messages.info(
                request,
                gettext("The mapping has changed: check the result below, then import."),
            )
        return _render_preview(
            request, token=token, stored=stored, form=form, read=read, problems=read.problems
        )
    mode, on_match = form.cleaned_data["mode"], form.cleaned_data["on_match"]
    if mode not in IMPORT_MODES or on_match not in ON_MATCH:
        return redirect("parties:import")
    if not _save_template(request, token, stored, form):
        read = _check(request, token, stored, form)
        return _render_preview(request, token=token, stored=stored, form=form, read=read)
    request.session.pop(_session_key(token), None)
    result = parties_import.enqueue(
        user_id=request.user.pk,
        path=stored["path"],
        filename=stored["name"],
        mode=mode,
        on_match=on_match,
        mapping=stored["mapping"],
    )
    progress_start(result_id=str(result.id), label=IMPORT_LABEL, user=request.user)
    return redirect("core:task-progress", result_id=result.id)
