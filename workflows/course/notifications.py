"""The course's emails: kickoff invitation and workshop reminder (with .ics) and the closing summary. Each builds
its context and calls `core.email`."""

from datetime import timedelta

from core import ics
from core.email import Attachment, send_email

from ..registration import links

KICKOFF_DURATION = timedelta(hours=3)


def _recipients(registration):
    return [address for address in (registration.contact_email, registration.second_contact_email) if address]


def _send_to_all(addresses, **kwargs):
    for address in dict.fromkeys(addresses):
        send_email(to=address, **kwargs)


def kickoff_event(course):
    registration = course.registration
    where = course.kickoff_url or course.kickoff_place
    return ics.CalendarEvent(
        uid=f"opstart-{course.pk}", summary=f"Opstart: {registration.programme.name}",
        start=course.kickoff_at, end=course.kickoff_at + KICKOFF_DURATION,
        description=f"Opstartsmøde i rådgivningsforløbet. Sted: {where}", url=course.kickoff_url,
    )


def workshop_event(workshop):
    return ics.CalendarEvent(
        uid=f"workshop-{workshop.pk}", summary=f"Udviklingsworkshop ({workshop.get_audience_display().lower()})",
        start=workshop.starts_at, end=workshop.ends_at, description=f"Sted: {workshop.place}",
    )


def send_kickoff_invitation(course):
    registration = course.registration
    _send_to_all(
        _recipients(registration), template="course_kickoff",
        context={"registration": registration, "course": course, "status_url": links.status_url(registration)},
        attachments=[Attachment("opstart.ics", ics.calendar(kickoff_event(course)), "text/calendar")],
    )


def send_workshop_reminder(workshop):
    registration = workshop.course.registration
    _send_to_all(
        _recipients(registration), template="workshop_reminder",
        context={"registration": registration, "workshop": workshop, "status_url": links.status_url(registration)},
        attachments=[Attachment("workshop.ics", ics.calendar(workshop_event(workshop)), "text/calendar")],
    )


def send_course_summary(course):
    registration = course.registration
    _send_to_all(
        _recipients(registration) + [registration.manager_email], template="course_closed",
        context={
            "registration": registration, "course": course,
            "workshops": course.workshops.exclude(recorded_at=None),
            "sessions": course.guidance_sessions.count(),
            "enrolments": course.enrolments.count(),
            "completed": course.enrolments.exclude(completed_on=None).count(),
            "final": course.evaluations.filter(kind="final").first(),
            "status_url": links.status_url(registration),
        },
    )
