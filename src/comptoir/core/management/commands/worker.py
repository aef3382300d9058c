"""`comptoir worker`: runs background tasks (django-tasks-db's db_worker) and says it is alive.

Every option of db_worker works here (--queue-name, --interval, --batch, --max-tasks…). A
daemon thread writes a WorkerHeartbeat row named host:pid every 30 seconds, read by the tasks
page and /api/v1/health; the row is removed when the worker stops cleanly.
"""

import logging
import os
import socket
import threading

from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from comptoir.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 30


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def beat(name: str) -> None:
    WorkerHeartbeat.objects.update_or_create(name=name, defaults={"last_seen": timezone.now()})


class Heartbeat:
    """Beats from its own thread, hence its own database connection, closed after each beat
    so that an idle worker holds no connection between beats."""

    def __init__(self, name: str, every: float = HEARTBEAT_SECONDS):
        self.name = name
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def _run(self) -> None:
        while True:
            try:
                beat(self.name)
            except Exception:  # a database hiccup must not kill the heartbeat for good
                logger.exception("Heartbeat of %s not written", self.name)
            finally:
                connection.close()
            if self._stop.wait(self.every):
                return

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        close_old_connections()
        WorkerHeartbeat.objects.filter(name=self.name).delete()


class Command(DbWorkerCommand):
    help = "Runs background tasks (exports, imports, e-mails) until stopped."

    def handle(self, *args, **options):
        heartbeat = Heartbeat(worker_name())
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            # Also on SIGTERM: db_worker leaves through sys.exit(), which runs this.
            heartbeat.stop()
