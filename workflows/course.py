"""What happens in a course: it starts on acceptance, gets a lead adviser, begins at kickoff, plans workshops,
and closes after the final evaluation. Flow tasks and views call these functions."""

from django.db import transaction
from django.utils import timezone

from . import course_notifications
from .models import Course, Registration


def start_course(registration):
    """Create the course of an accepted registration and start its flow (once)."""
    from .course_flows import CourseFlow

    with transaction.atomic():
        course, created = Course.objects.get_or_create(
            registration=registration, defaults={"starts_on": registration.cohort.starts_on}
        )
        if created:
            CourseFlow.start.run(registration=registration)
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


def start_workshop(workshop):
    from .course_flows import WorkshopFlow

    WorkshopFlow.start.run(workshop=workshop)


def close(course):
    """The final evaluation is in: the course is completed and the municipality gets a summary."""
    with transaction.atomic():
        course.closed_at = timezone.now()
        course.save(update_fields=["closed_at"])
        registration = course.registration
        registration.status = Registration.Status.COMPLETED
        registration.save(update_fields=["status", "updated_at"])
        course_notifications.send_course_summary(course)
