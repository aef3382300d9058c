"""The audit trail page: every change to every business record, filtered."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator

from comptoir.core import queries
from comptoir.core.choices import AuditAction
from comptoir.core.http import render_page
from comptoir.core.models import User

PER_PAGE = 50


@login_required
def audit_list(request):
    filters = {key: request.GET.get(key, "").strip() for key in queries.AUDIT_FILTERS}
    entries = queries.audit_entries(user=request.user, filters=filters)
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        # An empty page says "clear a filter" only when there is one to clear.
        "filtered": any(filters.values()),
        "actions": AuditAction.choices,
        "people": User.objects.order_by("last_name", "first_name", "username"),
        "record_types": queries.audited_content_types(),
    }
    return render_page(request, "core/audit_list.html", context, partial="rows")
