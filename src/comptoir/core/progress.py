"""How far a background task has gone: written by the task, read by the progress page.

The rows live in the database (core.TaskProgress), so the web node that shows the bar needs
nothing from the worker that runs the task. A task reports like this:

    @task(takes_context=True)
    def contacts_import(context, *, user_id, upload):
        progress_start(result_id=context.task_result.id, label=gettext_noop("Import"), user=…)
        for done, row in enumerate(rows, 1):
            ...
            progress_report(context, done=done, total=len(rows))
        progress_finish(context, result_url=reverse(...))

`label` is stored untranslated (mark it with gettext_noop) and translated when shown, so each
person reads it in their own language.
"""

import time
import uuid

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from comptoir.core.models import TaskProgress
from comptoir.core.queries import require

# A task reporting every row would write thousands of times a second; the bar polls every
# second, so two writes a second are plenty.
MIN_SECONDS_BETWEEN_WRITES = 0.5

# Per process: the worker that runs a task is the only one reporting for it.
_last_write: dict[str, float] = {}


class State:
    WAITING = "waiting"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


def _result_id(context_or_result_id) -> str:
    if isinstance(context_or_result_id, str):
        return context_or_result_id
    return str(context_or_result_id.task_result.id)


def progress_start(*, result_id: str, label: str, user, total: int = 0) -> TaskProgress:
    """The progress row of a task; called by the view that enqueues and by the task itself.

    Whichever comes first creates the row: with the immediate backend the task has already run
    when the view calls this, and a worker may start a task before the view gets here.
    """
    progress, created = TaskProgress.objects.get_or_create(
        result_id=str(result_id), defaults={"label": label, "user": user, "total": total}
    )
    if not created and total and progress.total != total:
        progress.total = total
        progress.save(update_fields=["total", "updated_at"])
    return progress


def progress_report(context_or_result_id, *, done: int, total: int | None = None, message=""):
    """Record that `done` of `total` items are done; returns whether it was written."""
    result_id = _result_id(context_or_result_id)
    now = time.monotonic()
    complete = total is not None and done >= total
    if not complete and now - _last_write.get(result_id, 0.0) < MIN_SECONDS_BETWEEN_WRITES:
        return False
    _last_write[result_id] = now
    fields = {"done": done, "message": str(message)[:255], "updated_at": timezone.now()}
    if total is not None:
        fields["total"] = total
    TaskProgress.objects.filter(result_id=result_id).update(**fields)
    return True


def progress_finish(context_or_result_id, *, result_url: str = "", message: str = "") -> None:
    """The task is over: the bar shows 100 % and, if there is one, the link to its result."""
    result_id = _result_id(context_or_result_id)
    _last_write.pop(result_id, None)
    progress = TaskProgress.objects.get(result_id=result_id)
    # done == total > 0 is what "finished" means for a task whose backend keeps no result.
    progress.total = max(progress.total, progress.done, 1)
    progress.done = progress.total
    progress.result_url = result_url
    progress.message = str(message)[:255]
    progress.save()


# --- Reading ------------------------------------------------------------------------------


def _backend_states(result_ids) -> dict[str, str]:
    """What django-tasks-db knows of these tasks: waiting, running, failed or succeeded.

    It is the only witness of a task that crashed before calling progress_finish(). The
    immediate backend (tests) and other backends keep no row, hence the fallback below.
    """
    from django_tasks_db.models import DBTaskResult

    ids = []
    for result_id in result_ids:
        try:
            ids.append(uuid.UUID(str(result_id)))
        except ValueError:
            continue
    if not ids:
        return {}
    mapping = {
        "READY": State.WAITING,
        "RUNNING": State.RUNNING,
        "FAILED": State.FAILED,
        "SUCCESSFUL": State.SUCCEEDED,
    }
    return {
        str(pk): mapping.get(status, State.RUNNING)
        for pk, status in DBTaskResult.objects.filter(id__in=ids).values_list("id", "status")
    }


def _own_state(progress: TaskProgress) -> str:
    return State.SUCCEEDED if progress.total and progress.done >= progress.total else State.RUNNING


def with_states(progress_rows) -> list[TaskProgress]:
    """Sets `.state` on each row (one query for all of them)."""
    rows = list(progress_rows)
    known = _backend_states(p.result_id for p in rows)
    for progress in rows:
        state = known.get(progress.result_id) or _own_state(progress)
        # The backend marks a task successful a moment after progress_finish(): trust the bar.
        if state in (State.WAITING, State.RUNNING) and _own_state(progress) == State.SUCCEEDED:
            state = State.SUCCEEDED
        progress.state = state
        progress.is_over = state in (State.SUCCEEDED, State.FAILED)
    return rows


def progress_for(*, user, result_id: str) -> TaskProgress:
    """One task's progress, for its owner or whoever may watch all tasks; 404 for others."""
    progress = get_object_or_404(TaskProgress.objects.select_related("user"), result_id=result_id)
    if progress.user_id != user.pk and not user.has_perm("core.view_taskprogress"):
        # Not 403: someone else's task ids are nobody's business, not even their existence.
        raise Http404
    return with_states([progress])[0]


def recent_tasks(*, user, limit: int = 100) -> list[TaskProgress]:
    require(user, "core.view_taskprogress")
    return with_states(TaskProgress.objects.select_related("user").order_by("-created_at")[:limit])
