"""What happens in a course: it opens on acceptance, gets a lead adviser, begins at kickoff, plans workshops, and
closes after the final evaluation. Flow steps call these functions."""

from django.db import transaction
from django.utils import timezone

from ..processes import Process, start
from ..registration.models import Registration
from . import notifications
from .models import Course


def open_course(registration):
    """The course of an accepted registration, created the first time it is asked for."""
    course, _created = Course.objects.get_or_create(
        registration=registration, defaults={"starts_on": registration.cohort.starts_on}
    )
    return course


def assign_lead_adviser(course, adviser):
    registration = course.registration
    registration.lead_adviser = adviser
    registration.save(update_fields=["lead_adviser", "updated_at"])


def begin(course):
    """The kickoff has taken place: the municipality is now in the course."""
    registration = course.registration
    registration.status = Registration.Status.IN_COURSE
    registration.save(update_fields=["status", "updated_at"])


def plan_workshop(course, workshop):
    """Save a planned workshop and start its own process (preparation, reminder, outcome)."""
    workshop.course = course
    workshop.save()
    start(Process.WORKSHOP, workshop=workshop)
    return workshop


def close(course):
    """The final evaluation is in: the course is completed and the municipality gets a summary."""
    with transaction.atomic():
        course.closed_at = timezone.now()
        course.save(update_fields=["closed_at"])
        registration = course.registration
        registration.status = Registration.Status.COMPLETED
        registration.save(update_fields=["status", "updated_at"])
        notifications.send_course_summary(course)
