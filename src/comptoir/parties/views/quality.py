from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from comptoir.parties.quality import quality_report
from comptoir.parties.queries import latest_duplicate_scan


@login_required
def quality(request):
    return render(
        request,
        "parties/quality.html",
        {
            "report": quality_report(user=request.user),
            "duplicate_scan": latest_duplicate_scan(user=request.user),
        },
    )
