"""`comptoir scheduler`: runs the periodic jobs of core.scheduler when they are due."""

import signal
import threading

from django.core.management.base import BaseCommand

from comptoir.core import scheduler


class Command(BaseCommand):
    help = "Runs periodic jobs (session clean-up, task results pruning…) when they are due."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run what is due, then exit.")
        parser.add_argument(
            "--interval",
            type=float,
            default=30,
            help="Seconds between two checks of what is due (default: 30).",
        )

    def handle(self, *args, once=False, interval=30, **options):
        jobs = scheduler.discover()
        stop = threading.Event()
        if not once:
            for signum in (signal.SIGINT, signal.SIGTERM):
                signal.signal(signum, lambda *_: stop.set())
            self.stdout.write(f"Planificateur démarré : {', '.join(sorted(jobs))}.")
        while True:
            for name, status in scheduler.run_due(jobs=jobs).items():
                style = self.style.SUCCESS if status == scheduler.SUCCEEDED else self.style.ERROR
                self.stdout.write(style(f"{name} : {status}"))
            if once or stop.wait(interval):
                return
