"""Periodic jobs: one registry, one entry point.

Features register their jobs in a `jobs.py` module of their app:

    from core.scheduler import periodic

    @periodic(minutes=15)
    def send_meeting_reminders():
        ...

The `run_scheduler` command calls `run_due_jobs()` in a loop; tests call it directly (with time travel).
Each run is claimed with one conditional UPDATE on `ScheduledJob`, so several scheduler processes never run
the same job twice, and a job that raises is logged and retried at its next interval without stopping others.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .models import ScheduledJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    interval: timedelta
    func: object


registry: dict[str, Job] = {}


def periodic(*, name=None, **interval):
    """Register the decorated function to run every `interval` (keyword arguments of `timedelta`)."""

    def decorator(func):
        job_name = name or f"{func.__module__}.{func.__qualname__}"
        registry[job_name] = Job(job_name, timedelta(**interval), func)
        return func

    return decorator


def discover():
    """Import every installed app's `jobs` module so its jobs register."""
    autodiscover_modules("jobs")
    return registry


def _claim(job, now):
    """Return True if this process won the right to run `job` now."""
    try:
        ScheduledJob.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
    except IntegrityError:  # another scheduler created the row at the same moment
        pass
    return bool(
        ScheduledJob.objects.filter(name=job.name, next_run_at__lte=now).update(
            next_run_at=now + job.interval, last_started_at=now
        )
    )


def run_due_jobs(now=None):
    """Run every job that is due; return the names of the jobs that ran."""
    now = now or timezone.now()
    ran = []
    for job in discover().values():
        if not _claim(job, now):
            continue
        error = ""
        try:
            job.func()
        except Exception as exc:  # one broken job must not stop the others
            logger.exception("Scheduled job %s failed", job.name)
            error = f"{type(exc).__name__}: {exc}"[:2000]
        ScheduledJob.objects.filter(name=job.name).update(last_finished_at=timezone.now(), last_error=error)
        ran.append(job.name)
    return ran
