"""Every email of the programme, in one place. Each function builds the context and calls `core.email`."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from core.email import Attachment, send_email

from . import ics, links
from .models import Cohort, DecisionText
from .roles import ADVISERS


def meeting_event(meeting):
    return ics.CalendarEvent(
        uid=f"informationsmoede-{meeting.pk}",
        summary=f"Informationsmøde: {meeting.programme.name}",
        start=meeting.starts_at,
        end=meeting.ends_at,
        description=f"Online møde. Deltag via {meeting.meeting_url}",
        url=meeting.meeting_url,
    )


def _meeting_attachment(meeting):
    return Attachment("informationsmoede.ics", ics.calendar(meeting_event(meeting)), "text/calendar")


def next_open_cohort(programme):
    return Cohort.objects.open().filter(programme=programme).order_by("registration_closes").first()


def registration_url(programme):
    return links.absolute(reverse("workflows:register", args=[programme.slug]))


def send_meeting_confirmation(signup):
    send_email(
        to=signup.email, template="meeting_confirmation",
        context={"signup": signup, "meeting": signup.meeting, "cancel_url": links.cancel_url(signup)},
        attachments=[_meeting_attachment(signup.meeting)],
    )


def send_meeting_reminder(signup):
    send_email(
        to=signup.email, template="meeting_reminder",
        context={"signup": signup, "meeting": signup.meeting, "cancel_url": links.cancel_url(signup)},
        attachments=[_meeting_attachment(signup.meeting)],
    )


def send_meeting_followup(signup):
    programme = signup.meeting.programme
    send_email(
        to=signup.email, template="meeting_followup",
        context={"signup": signup, "programme": programme, "cohort": next_open_cohort(programme),
                 "registration_url": registration_url(programme)},
    )


def send_registration_received(registration):
    send_email(
        to=registration.contact_email, template="registration_received",
        context={"registration": registration, "status_url": links.status_url(registration),
                 "position": registration.waiting_position()},
    )


def send_status_link(registration):
    send_email(
        to=registration.contact_email, template="status_link",
        context={"registration": registration, "status_url": links.status_url(registration)},
    )


def send_decision(registration, decision):
    """`decision` is a DecisionText.Decision; its staff-written text goes into the fixed frame of the email."""
    text = DecisionText.objects.filter(decision=decision).first()
    send_email(
        to=registration.contact_email, template="registration_decision",
        context={"registration": registration, "decision": decision, "text": text,
                 "status_url": links.status_url(registration), "position": registration.waiting_position()},
    )


def send_withdrawal_confirmation(registration):
    send_email(
        to=registration.contact_email, template="registration_withdrawn",
        context={"registration": registration},
    )


def send_screening_reminder(registration, task_url):
    """Remind every active adviser that a registration has waited too long for screening."""
    advisers = get_user_model().objects.filter(groups__name=ADVISERS, is_active=True).exclude(email="")
    for adviser in advisers:
        send_email(
            to=adviser.email, template="screening_reminder",
            context={"adviser": adviser, "registration": registration, "task_url": task_url},
        )

