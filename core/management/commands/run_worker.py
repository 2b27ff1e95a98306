"""`manage.py run_worker`: the background worker for the database queue, carried through database outages.

django-tasks-db's own `db_worker` exits on the first database error other than SQLite's "database is locked": while
PostgreSQL restarts, its next poll is refused, and a task that loses its connection cannot even record its failure.
This runs the same `Worker`, and when the database goes away it waits for it with backoff and carries on.
"""

import logging

from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus, task_backends
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from core.database import UNAVAILABLE, wait_for_database

logger = logging.getLogger(__name__)


class Worker(db_worker.Worker):
    current = None  # the task being run; still set afterwards when the database went away during it

    def run(self):
        while self.running:
            try:
                self._requeue_interrupted()
                return super().run()
            except UNAVAILABLE as error:
                logger.warning("Worker %s lost the database: %s", self.worker_id, error)
                if self.running:
                    wait_for_database()

    def run_task(self, db_task_result):
        self.current = db_task_result
        super().run_task(db_task_result)  # records the outcome; raises only when the database is gone
        self.current = None

    def _requeue_interrupted(self):
        """A task cut off by the outage did not fail: it goes back in the queue at once rather than after
        `core.jobs.requeue_stale_tasks`'s bound (should that sweep have handed it to another worker during a long
        outage, it is left to that one). Running it again is safe (see `core.email.deliver_email`). Should this
        worker stop first, or die, the sweep puts it back."""
        if self.current is not None:
            still_ours = {"status": TaskResultStatus.RUNNING, "started_at": self.current.started_at}
            DBTaskResult.objects.filter(pk=self.current.pk, **still_ours).update(status=TaskResultStatus.READY)
            self.current = None


class Command(BaseCommand):
    help = "Run background tasks from the database queue until stopped, waiting out database outages."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1, help="Seconds between polls of an empty queue.")

    def handle(self, *, interval, **options):
        if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
            raise CommandError(
                "run_worker serves the database queue. With TASKS_BACKEND=django_tasks_rq.RQBackend run "
                "`manage.py rqworker --job-class django_tasks_rq.Job --with-scheduler default` instead."
            )
        worker = Worker(
            queue_names=["*"], excluded_queue_names=[], interval=interval, batch=False, max_tasks=None,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS, startup_delay=True, worker_id=get_random_string(32),
        )
        worker.configure_signals()
        worker.run()
