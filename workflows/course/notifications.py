"""The course's emails: kickoff invitation and workshop reminder (with .ics) and the closing summary. Each builds
its context and calls `core.email`."""

from datetime import timedelta

from django.utils import timezone

from core import ics
from core.email import calendar_attachment
from core.personal_data import ERASED_EMAIL

from ..registration import links
from ..registration.notifications import reply_address, send_answerable

KICKOFF_DURATION = timedelta(hours=3)


def _contacts(registration):
    """(address, name) of the municipality's contact persons."""
    return [(registration.contact_email, registration.contact_name),
            (registration.second_contact_email, registration.second_contact_name)]


def _send_to_all(people, *, context, **kwargs):
    """One email to each person, greeting them by their own name (once per address)."""
    sent = set()
    for address, name in people:
        if address and address != ERASED_EMAIL and address.lower() not in sent:
            sent.add(address.lower())
            send_answerable(to=address, context={**context, "recipient_name": name},
                            reply_to=reply_address(context["registration"]), **kwargs)


def kickoff_event(course):
    registration = course.registration
    where = course.kickoff_place or course.kickoff_url
    return ics.CalendarEvent(
        uid=f"opstart-{course.pk}", summary=f"Opstart: {registration.programme.name}",
        start=course.kickoff_at, end=course.kickoff_at + KICKOFF_DURATION,
        description=f"Opstartsmøde i rådgivningsforløbet. Sted: {where}", url=course.kickoff_url,
        location=where, sequence=course.calendar_sequence,
    )


def workshop_event(workshop):
    return ics.CalendarEvent(
        uid=f"workshop-{workshop.pk}", summary=f"Udviklingsworkshop ({workshop.get_audience_display().lower()})",
        start=workshop.starts_at, end=workshop.ends_at, description=f"Sted: {workshop.place}",
        location=workshop.place, sequence=workshop.calendar_sequence,
    )


def guidance_event(session):
    where = session.place or session.meeting_url
    return ics.CalendarEvent(
        uid=f"vejledning-{session.pk}", summary=f"Vejledningssession {session.number}",
        start=session.starts_at, end=session.ends_at, description=f"Vejledning i rådgivningsforløbet. Sted: {where}",
        url=session.meeting_url, location=where, sequence=session.calendar_sequence,
    )


def _invite(registration, template, filename, event, **context):
    """An appointment's email to the municipality's contact persons, with its calendar file."""
    _send_to_all(
        _contacts(registration), template=template,
        context={"registration": registration, "status_url": links.status_url(registration), **context},
        attachments=[calendar_attachment(filename, event)],
    )


def send_guidance_invitation(session):
    _invite(session.course.registration, "guidance_invitation", "vejledning.ics", guidance_event(session),
            session=session)


def send_kickoff_invitation(course):
    _invite(course.registration, "course_kickoff", "opstart.ics", kickoff_event(course), course=course)


def send_workshop_reminder(workshop):
    _invite(workshop.course.registration, "workshop_reminder", "workshop.ics", workshop_event(workshop),
            workshop=workshop)


def send_course_summary(course):
    registration = course.registration
    _send_to_all(
        [*_contacts(registration), (registration.manager_email, registration.manager_name)], template="course_closed",
        context={
            "registration": registration, "course": course,
            "workshops": course.workshops.exclude(recorded_at=None),
            "sessions": course.guidance_sessions.exclude(held_on=None).count(),
            "enrolments": course.enrolments.count(),
            "completed": course.enrolments.exclude(completed_on=None).count(),
            "final": course.evaluations.filter(kind="final").first(),
            "status_url": links.status_url(registration),
        },
    )


def send_calendar_cancellations(registration, **kwargs):
    """The case has ended (withdrawn, or declined after acceptance): its kickoff and coming workshops leave its
    contact persons' calendars. Connected to `registration.services.case_ended` (workflows.signals)."""
    course = getattr(registration, "course", None)
    if course is None:
        return
    now = timezone.now()
    events = [kickoff_event(course)] if course.kickoff_at and course.kickoff_at > now else []
    events += [workshop_event(workshop) for workshop in course.workshops.filter(starts_at__gt=now)]
    if not events:
        return
    for address, name in _contacts(registration):
        if address:
            send_answerable(to=address, template="course_calendar_cancelled", reply_to=reply_address(registration),
                       context={"registration": registration, "recipient_name": name, "events": events},
                       attachments=[calendar_attachment("aflyst.ics", *events, method=ics.CANCEL, attendee=address)])
