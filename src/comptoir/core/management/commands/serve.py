"""`comptoir serve`: the production web server (gunicorn), optionally with a worker and a
scheduler as child processes (`make run` uses --with-worker).

Before starting, it checks that the database answers and is migrated, and says so in one
sentence if not: a server that starts and then fails on the first request helps nobody.
"""

import os
import signal
import subprocess
import sys

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import Error as DatabaseError

CHILD_STOP_SECONDS = 30


def preflight_problem(using: str = DEFAULT_DB_ALIAS) -> str | None:
    """Why the server must not start, in one French sentence, or None when all is well."""
    connection = connections[using]
    try:
        connection.ensure_connection()
    except DatabaseError as error:
        first_line = (str(error).strip().splitlines() or [repr(error)])[0]
        return f"La base de données ne répond pas ({first_line}) : vérifiez DATABASE_URL."
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        return f"La base de données ne peut pas être lue ({error}) : lancez `comptoir migrate`."
    if pending:
        return "La base de données n'est pas à jour : lancez `comptoir migrate`."
    return None


def default_workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1


def gunicorn_command(*, bind: str, workers: int, timeout: int, graceful_timeout: int) -> list:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "comptoir.conf.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--timeout",
        str(timeout),
        "--graceful-timeout",
        str(graceful_timeout),
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
        # Gunicorn 27's control socket is one path per Unix user: a second instance on the
        # same machine would take it over. Nothing of ours uses it.
        "--no-control-socket",
    ]


class Command(BaseCommand):
    help = "Serves Comptoir in production (gunicorn); --with-worker adds a task worker and the scheduler."
    requires_system_checks = []  # the pre-flight check below says more in fewer words

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default=os.environ.get("COMPTOIR_BIND", "127.0.0.1:8000"),
            help="Address and port (default: $COMPTOIR_BIND or 127.0.0.1:8000).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="Web worker processes (default: 2 × CPUs + 1).",
        )
        parser.add_argument("--timeout", type=int, default=60, help="Request timeout, seconds.")
        parser.add_argument(
            "--graceful-timeout",
            type=int,
            default=30,
            help="Seconds given to running requests when stopping.",
        )
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="Also run one task worker and one scheduler, stopped with the server.",
        )

    def handle(self, *args, bind, workers, timeout, graceful_timeout, with_worker, **options):
        problem = preflight_problem()
        if problem:
            self.stderr.write(problem)
            sys.exit(2)
        command = gunicorn_command(
            bind=bind, workers=workers, timeout=timeout, graceful_timeout=graceful_timeout
        )
        self.stdout.write(f"Comptoir sur http://{bind}/ ({workers} processus web).")
        if with_worker:
            sys.exit(self.serve_with_children(command))
        os.execv(sys.executable, command)  # noqa: S606 - gunicorn takes our place

    def serve_with_children(self, command: list) -> int:
        comptoir = [sys.executable, "-m", "comptoir"]
        children = [
            subprocess.Popen([*comptoir, "worker", "--no-reload"]),  # noqa: S603
            subprocess.Popen([*comptoir, "scheduler"]),  # noqa: S603
        ]
        server = subprocess.Popen(command)  # noqa: S603

        def forward(signum, frame):
            server.send_signal(signum)

        signal.signal(signal.SIGTERM, forward)
        signal.signal(signal.SIGINT, forward)
        try:
            return server.wait()
        finally:
            for child in children:
                if child.poll() is None:
                    child.terminate()
            for child in children:
                try:
                    child.wait(timeout=CHILD_STOP_SECONDS)
                except subprocess.TimeoutExpired:
                    child.kill()
