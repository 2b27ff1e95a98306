"""Health endpoints for load balancers and orchestrators.

/health/live   the process answers (no dependencies checked)
/health/ready  the database answers and the background queue is not stuck
"""

import logging

from django.conf import settings
from django.db import Error, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _oldest_queued_task_age():
    """Seconds the oldest due task has waited in the database queue (0 when empty or not the DB queue)."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return 0
    from django.db.models import Case, F, When
    from django_tasks_db.models import DBTaskResult, get_date_max

    # A task is due from when it was enqueued, or from its run_after when it was deferred.
    due_since = (
        DBTaskResult.objects.ready()
        .annotate(due=Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after")))
        .order_by("due")
        .values_list("due", flat=True)
        .first()
    )
    if due_since is None:
        return 0
    return max(0, int((timezone.now() - due_since).total_seconds()))


@never_cache
def live(request):
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request):
    """503 while the database is unreachable or the queue is stuck. Any database error counts as unavailable (a lost
    connection surfaces as OperationalError or InterfaceError, a database without its tables as ProgrammingError),
    so the check itself never fails with a 500; the error's text, which names the server, goes to the log only."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        age = _oldest_queued_task_age()
    except Error as error:
        logger.warning("Readiness check: database unavailable: %s", error)
        return JsonResponse({"status": "database unavailable", "database": "unavailable"}, status=503)
    healthy = age <= settings.HEALTH_MAX_QUEUE_AGE_SECONDS
    return JsonResponse(
        {"status": "ok" if healthy else "queue stalled", "database": "ok", "oldest_queued_task_seconds": age},
        status=200 if healthy else 503,
    )
