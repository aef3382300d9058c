"""Attachments seen from the browser: add to a record, download, delete.

With htmx each action answers the refreshed panel; without it, a redirect back to the page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.core import attachments as service
from comptoir.core.http import is_htmx
from comptoir.core.templatetags.records import attachments_context

PANEL = "core/partials/_attachments.html"


def _next_url(request) -> str:
    url = request.POST.get("next") or request.headers.get("referer") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return "/"


def _panel(request, record, **extra):
    context = attachments_context(
        record=record, user=request.user, next_url=_next_url(request), **extra
    )
    return render(request, PANEL, context)


@login_required
@require_POST
def attachment_add(request, content_type_id, object_id):
    record = service.record_for(
        user=request.user, content_type_id=content_type_id, object_id=object_id, action="change"
    )
    upload = request.FILES.get("file")
    error, added = "", None
    if upload is None:
        error = _("Choose a file to add.")
    else:
        try:
            added = service.attachment_add(record=record, file=upload, by=request.user)
        except service.AttachmentRejected as rejected:
            error = rejected.message
    if is_htmx(request):
        return _panel(request, record, error=error, just_added=added)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("“%(name)s” has been added.") % {"name": added.name})
    return redirect(_next_url(request))


@login_required
def attachment_download(request, pk):
    attachment = service.attachment_get(user=request.user, pk=pk)
    response = FileResponse(
        service.attachment_open(attachment=attachment, user=request.user),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.mime_type,
    )
    # The type is ours (checked at upload), the browser must not guess another one.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def attachment_delete(request, pk):
    attachment = service.attachment_get(user=request.user, pk=pk, action="change")
    record = attachment.record
    name = attachment.name
    service.attachment_delete(attachment=attachment, by=request.user)
    if is_htmx(request) and record is not None:
        return _panel(request, record)
    messages.success(request, _("“%(name)s” has been deleted.") % {"name": name})
    return redirect(_next_url(request))
