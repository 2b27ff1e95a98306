"""The emails about an information meeting: confirmation and reminder (with the cancel link and a calendar file; the
confirmation also with the next step), and the follow-up to those who attended, with the registration link and the
next deadline. A reply reaches the programme's contact address."""

from django.urls import reverse

from core import ics
from core.email import calendar_attachment
from core.links import absolute

from ..registration.notifications import reply_address, send_answerable
from ..registration.seats import seat_facts
from . import links


def meeting_event(meeting):
    return ics.CalendarEvent(
        uid=f"informationsmoede-{meeting.pk}",
        summary=f"Informationsmøde: {meeting.programme.name}",
        start=meeting.starts_at,
        end=meeting.ends_at,
        description=f"Online møde. Deltag via {meeting.meeting_url}",
        url=meeting.meeting_url,
        location=meeting.meeting_url,
        sequence=meeting.calendar_sequence,
    )


def _meeting_attachment(meeting):
    return calendar_attachment("informationsmoede.ics", meeting_event(meeting))


def _registration_url(programme):
    return absolute(reverse("workflows:register", args=[programme.slug]))


def send_meeting_confirmation(signup):
    """The meeting link, the calendar file (attached, and as a link for mail programs that hide attachments), the
    cancel link, and the next step: how the municipality registers for the course."""
    send_answerable(
        to=signup.email, reply_to=reply_address(programme=signup.meeting.programme), template="meeting_confirmation",
        context={"signup": signup, "meeting": signup.meeting, "cancel_url": links.cancel_url(signup),
                 "calendar_url": links.calendar_url(signup),
                 "registration_url": _registration_url(signup.meeting.programme)},
        attachments=[_meeting_attachment(signup.meeting)],
    )


def send_meeting_reminder(signup):
    send_answerable(
        to=signup.email, reply_to=reply_address(programme=signup.meeting.programme), template="meeting_reminder",
        context={"signup": signup, "meeting": signup.meeting, "cancel_url": links.cancel_url(signup)},
        attachments=[_meeting_attachment(signup.meeting)],
    )


def send_meeting_cancellation(signup):
    """The sign-up is cancelled: a confirmation, and the meeting taken out of the person's calendar."""
    send_answerable(
        to=signup.email, reply_to=reply_address(programme=signup.meeting.programme), template="meeting_cancelled",
        context={"signup": signup, "meeting": signup.meeting},
        attachments=[calendar_attachment("informationsmoede.ics", meeting_event(signup.meeting), method=ics.CANCEL,
                                         attendee=signup.email)],
    )


def send_meeting_followup(signup):
    programme = signup.meeting.programme
    send_answerable(
        to=signup.email, reply_to=reply_address(programme=signup.meeting.programme), template="meeting_followup",
        context={"signup": signup, "programme": programme, "facts": seat_facts(programme),
                 "registration_url": _registration_url(programme)},
    )
