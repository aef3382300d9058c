"""Background tasks seen from the browser: the list, a progress bar, the file a task produced."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from comptoir.core import progress as task_progress_store
from comptoir.core import queries
from comptoir.core.http import render_page
from comptoir.core.models import WorkerHeartbeat
from comptoir.core.queries import AUDIT_FILTERS
from comptoir.core.tasks import AUDIT_EXPORT_LABEL, audit_export, result_file_response

# A worker beats every 30 s; past three missed beats it is shown as silent.
WORKER_SILENT_AFTER = datetime.timedelta(seconds=90)


@login_required
def task_list(request):
    tasks = task_progress_store.recent_tasks(user=request.user)
    silent_since = timezone.now() - WORKER_SILENT_AFTER
    workers = [
        {"name": beat.name, "last_seen": beat.last_seen, "alive": beat.last_seen >= silent_since}
        for beat in WorkerHeartbeat.objects.order_by("name")
    ]
    return render(request, "core/tasks.html", {"tasks": tasks, "workers": workers})


@login_required
def task_progress(request, result_id):
    progress = task_progress_store.progress_for(user=request.user, result_id=result_id)
    return render_page(
        request, "core/task_progress.html", {"progress": progress}, partial="progress"
    )


@login_required
@require_POST
def audit_export_start(request):
    queries.require(request.user, "core.view_auditentry")
    filters = {key: request.POST.get(key) or request.GET.get(key) or "" for key in AUDIT_FILTERS}
    result = audit_export.enqueue(user_id=request.user.pk, filters=filters)
    task_progress_store.progress_start(
        result_id=str(result.id), label=AUDIT_EXPORT_LABEL, user=request.user
    )
    return redirect("core:task-progress", result_id=result.id)


@login_required
def task_download(request, result_id):
    progress = task_progress_store.progress_for(user=request.user, result_id=result_id)
    return result_file_response(progress, user=request.user)
