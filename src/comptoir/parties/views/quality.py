from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from comptoir.parties.quality import quality_report


@login_required
def quality(request):
    return render(request, "parties/quality.html", {"report": quality_report(user=request.user)})
