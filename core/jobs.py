"""The platform's own periodic jobs."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from viewflow.workflow import timers

from .email import requeue_overdue
from .models import RateLimitCounter
from .scheduler import periodic

logger = logging.getLogger(__name__)


@periodic(minutes=1, name="viewflow.workflow_timers")
def fire_workflow_timers():
    """Fire due viewflow timers (reminders, escalations, scheduled starts): what `manage.py workflow_timers` does."""
    timers.fire_due_timers()
    timers.fire_due_start_timers()
    timers.fire_due_conditions()


@periodic(minutes=1, name="wagtail.publish_scheduled")
def publish_scheduled_pages():
    """Publish and unpublish pages whose go-live or expiry time has passed."""
    call_command("publish_scheduled", verbosity=0)


@periodic(minutes=5, name="core.requeue_overdue_email")
def requeue_overdue_email():
    requeue_overdue()


@periodic(minutes=1, name="tasks.requeue_stale")
def requeue_stale_tasks():
    """Put back in the queue every task that has been RUNNING longer than TASK_STALE_SECONDS: its worker died
    (killed, out of memory, its machine gone) and no worker will ever finish it (database queue only).

    Running a task again is safe: every task this project runs may run twice (`core.email.deliver_email` re-checks
    the message under a row lock; the search-index, reference-index, focal-point and file-deletion tasks of Wagtail
    redo the same work). So the bound only needs to exceed how long a task normally runs, not how long it could
    ever take.
    """
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return
    started_before = timezone.now() - timedelta(seconds=settings.TASK_STALE_SECONDS)
    stale = DBTaskResult.objects.running().filter(started_at__lt=started_before)
    count = stale.update(status=TaskResultStatus.READY)
    if count:
        logger.warning("Re-queued %s task(s) left RUNNING by a worker that is gone", count)


@periodic(minutes=10, name="core.prune_rate_limits")
def prune_rate_limits():
    """Rate-limit counts whose window has passed count for nothing (core.ratelimit); deleting them keeps visitors'
    addresses for minutes only."""
    RateLimitCounter.objects.filter(expires_at__lte=timezone.now()).delete()


@periodic(days=1, name="tasks.prune_results")
def prune_task_results():
    """Finished background tasks are kept a week for inspection, then removed (database queue only)."""
    if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
        call_command("prune_db_task_results", min_age_days=7, verbosity=0)
