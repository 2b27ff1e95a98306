"""The emails about a registration: the receipt, a new status link, the screening decision, the withdrawal, and
the reminder to the advisers when a screening waits too long. Each builds its context and calls `core.email`."""

from core.email import send_email

from .. import permissions
from . import links
from .models import DecisionText


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
    """Remind everyone who screens registrations that one has waited too long."""
    for adviser in permissions.users_with(permissions.SCREEN_REGISTRATION).exclude(email=""):
        send_email(
            to=adviser.email, template="screening_reminder",
            context={"adviser": adviser, "registration": registration, "task_url": task_url},
        )
