from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.core.queries import require
from comptoir.parties.duplicates import scan
from comptoir.parties.models import Party
from comptoir.parties.services import parties_merge


@login_required
def duplicates(request):
    """Probable duplicate groups, each with the evidence and a merge form."""
    require(request.user, "parties.merge_party")
    groups = scan()
    parties = Party.objects.in_bulk({pk for group in groups for pk in group.party_ids})
    rows = [
        {
            "group": group,
            "members": [parties[pk] for pk in group.party_ids if pk in parties],
            "reasons": sorted({evidence.reason for evidence in group.evidence}),
        }
        for group in groups
    ]
    return render(request, "parties/duplicates.html", {"rows": rows})


@login_required
@require_POST
def duplicates_merge(request):
    require(request.user, "parties.merge_party")
    ids = [int(pk) for pk in request.POST.getlist("ids") if pk.isdigit()]
    keep_id = request.POST.get("keep", "")
    found = Party.objects.in_bulk(ids)
    keep = found.get(int(keep_id)) if keep_id.isdigit() else None
    if keep is None or len(found) < 2:
        messages.error(request, _("Choose the record to keep among those of the group."))
        return redirect("parties:duplicates")
    try:
        kept = parties_merge(by=request.user, keep=keep, others=list(found.values()))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Merged into %(name)s: every link was kept.") % {"name": kept})
    return redirect("parties:duplicates")
