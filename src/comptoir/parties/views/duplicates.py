"""The review screen of probable duplicates: it reads the latest stored scan (the scan of a
large base takes minutes, it runs in the worker), one page of groups at a time."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.core.progress import progress_start
from comptoir.core.queries import require
from comptoir.parties import queries, services
from comptoir.parties.models import Party
from comptoir.parties.tasks import SCAN_LABEL, duplicates_scan


@login_required
def duplicates(request):
    """Probable duplicate groups of the latest scan, each with a merge form."""
    require(request.user, "parties.merge_party")
    scan = queries.latest_duplicate_scan(user=request.user)
    page = None
    if scan is not None:
        page = queries.duplicate_group_page(
            user=request.user, scan=scan, number=request.GET.get("page") or 1
        )
    return render(request, "parties/duplicates.html", {"scan": scan, "page": page})


@login_required
@require_POST
def duplicates_scan_start(request):
    require(request.user, "parties.merge_party")
    result = duplicates_scan.enqueue(user_id=request.user.pk)
    progress_start(result_id=str(result.id), label=SCAN_LABEL, user=request.user)
    return redirect("core:task-progress", result_id=result.id)


@login_required
@require_POST
def duplicates_merge(request):
    require(request.user, "parties.merge_party")
    ids = [int(pk) for pk in request.POST.getlist("ids") if pk.isdigit()]
    keep_id = request.POST.get("keep", "")
    found = Party.objects.in_bulk(ids)
    keep = found.get(int(keep_id)) if keep_id.isdigit() else None
    # Back to the page the group was on: the next groups to review are there.
    page = request.POST.get("page", "")
    back = reverse("parties:duplicates") + (f"?page={page}" if page.isdigit() else "")
    if keep is None or len(found) < 2:
        messages.error(request, _("Choose the record to keep among those of the group."))
        return redirect(back)
    try:
        kept = services.duplicates_merge(by=request.user, keep=keep, others=list(found.values()))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Merged into %(name)s: every link was kept.") % {"name": kept})
    return redirect(back)
