from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskProgress(models.Model):
    """How far a background task has gone, written by the task, read by the progress bar.

    Keyed by the django-tasks result id; lives in the database so that any web node sees
    what any worker reports.
    """

    result_id = models.CharField(max_length=64, unique=True)
    label = models.CharField(_("task"), max_length=200)
    user = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=255, blank=True)
    # Where the person goes when it is over (a download, the imported list…).
    result_url = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("task progress")
        verbose_name_plural = _("task progress")

    def __str__(self) -> str:
        return f"{self.label}: {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.total)) if self.total else 0


class WorkerHeartbeat(models.Model):
    """A worker process says it is alive; /api/v1/health reads these."""

    name = models.CharField(max_length=200, unique=True)
    last_seen = models.DateTimeField()

    def __str__(self) -> str:
        return self.name


class ScheduledJobRun(models.Model):
    """When a periodic job (core.scheduler) last ran; the row is locked while it runs, so two
    schedulers on two machines never run the same job twice."""

    name = models.CharField(max_length=100, unique=True)
    last_started = models.DateTimeField(null=True, blank=True)
    last_finished = models.DateTimeField(null=True, blank=True)
    last_status = models.CharField(max_length=20, blank=True)
    last_output = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name
