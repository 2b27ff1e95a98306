import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from core.database import UNAVAILABLE, backoff
from core.scheduler import discover, run_due_jobs

logger = logging.getLogger(__name__)


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
        retry_delays = backoff()
        while self.running:
            try:
                for name in run_due_jobs():
                    if options["verbosity"]:  # operators read these; `make run` asks for -v 0
                        self.stdout.write(f"ran {name}")
            except UNAVAILABLE as error:
                # The database went away (a restart, a failover): try again with backoff, never exit.
                if once:
                    raise
                pause = next(retry_delays)
                logger.warning("Scheduler lost the database, next try in %.0f s: %s", pause, error)
            else:
                retry_delays = backoff()
                pause = interval
            finally:
                # As after each request: drop a connection that broke or outlived CONN_MAX_AGE.
                close_old_connections()
            if once:
                break
            deadline = time.monotonic() + pause
            while self.running and time.monotonic() < deadline:
                time.sleep(0.5)
        self.stdout.write("Scheduler stopped.")

    def _stop(self, *args):
        self.running = False
