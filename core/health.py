"""Health endpoints for load balancers and orchestrators.

/health/live   the process answers (no dependencies checked)
/health/ready  the database answers and the background queue is not stuck
"""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache


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
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
        age = _oldest_queued_task_age()
    except DatabaseError as error:
        return JsonResponse({"status": "unavailable", "database": str(error)[:200]}, status=503)
    checks["oldest_queued_task_seconds"] = age
    healthy = age <= settings.HEALTH_MAX_QUEUE_AGE_SECONDS
    return JsonResponse({"status": "ok" if healthy else "queue stalled", **checks}, status=200 if healthy else 503)
