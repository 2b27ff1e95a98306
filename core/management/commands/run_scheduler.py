import signal
import time

from django.core.management.base import BaseCommand

from core.scheduler import discover, run_due_jobs


class Command(BaseCommand):
    help = "Run periodic jobs (viewflow timers, scheduled publishing, reminders, retention) until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=20, help="Seconds between checks for due jobs.")
        parser.add_argument("--once", action="store_true", help="Run the due jobs once and exit.")

    def handle(self, *, interval, once, **options):
        self.running = True
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        jobs = discover()
        self.stdout.write(f"Scheduler started with {len(jobs)} jobs: {', '.join(sorted(jobs))}")
        while self.running:
            for name in run_due_jobs():
                self.stdout.write(f"ran {name}")
            if once:
                break
            deadline = time.monotonic() + interval
            while self.running and time.monotonic() < deadline:
                time.sleep(0.5)
        self.stdout.write("Scheduler stopped.")

    def _stop(self, *args):
        self.running = False
