"""The emails about a registration: the receipt (and the manager's copy), a new status link, the change of contact
person, the screening decision, the withdrawal, and the reminder to the advisers when a screening waits too long.
Each builds its context and calls `core.email`.

An email to the municipality can be answered: it carries a Reply-To that reaches a person (`reply_address`), and
its footer invites a reply only when it has one."""

from django.urls import reverse

from core.email import send_email
from core.links import absolute

from .. import permissions
from . import links
from .forms import submitted_answers
from .models import DecisionText


def reply_address(registration=None, programme=None):
    """Who reads a reply to an email about the case: its lead adviser, else the programme's contact address
    (`Programme.contact_email`); "" when neither is known."""
    adviser = getattr(registration, "lead_adviser", None)
    if adviser is not None and adviser.email and adviser.is_active:
        return adviser.email
    programme = programme or getattr(registration, "programme", None)
    return getattr(programme, "contact_email", "") or ""


def send_answerable(*, reply_to, context=None, **kwargs):
    """`send_email` with a Reply-To, also told to the templates (the footer and "svar på denne e-mail" lines)."""
    return send_email(reply_to=reply_to, context={**(context or {}), "reply_to": reply_to}, **kwargs)


def message_reply_to(author, registration):
    """Where an answer to the notice of `author`'s message or document goes (`municipality.exchange`): to them,
    else where the case's other emails' answers go (`reply_address`)."""
    return author.email or reply_address(registration)


def send_registration_received(registration):
    """The receipt to the contact person, with their answers and status link; a copy of the answers (no link: it is
    the contact person's) to the responsible manager."""
    context = {"registration": registration, "position": registration.waiting_position(),
               "answers": submitted_answers(registration)}
    reply_to = reply_address(registration)
    send_answerable(to=registration.contact_email, template="registration_received", reply_to=reply_to,
                    context={**context, "status_url": links.status_url(registration)})
    if registration.manager_email and registration.manager_email.lower() != registration.contact_email.lower():
        send_answerable(to=registration.manager_email, template="registration_received", reply_to=reply_to,
                        context={**context, "for_manager": True})


def send_status_link(registration, *, handover=False):
    """A new status link to the contact person: asked for, or (`handover`) because they were made the contact."""
    send_answerable(
        to=registration.contact_email, template="status_link", reply_to=reply_address(registration),
        context={"registration": registration, "status_url": links.status_url(registration), "handover": handover},
    )


def send_contact_changed(registration, *, old_name, old_email):
    """The former contact person is told that someone else took over and that their link no longer works (the new
    address is not theirs to know)."""
    send_answerable(
        to=old_email, template="contact_changed", reply_to=reply_address(registration),
        context={"registration": registration, "old_name": old_name},
    )


def send_decision(registration, decision):
    """`decision` is a DecisionText.Decision; its staff-written text goes into the fixed frame of the email."""
    text = DecisionText.objects.filter(decision=decision).first()
    send_answerable(
        to=registration.contact_email, template="registration_decision", reply_to=reply_address(registration),
        context={"registration": registration, "decision": decision, "text": text,
                 "declined": decision == DecisionText.Decision.DECLINE,
                 "status_url": links.status_url(registration), "position": registration.waiting_position(),
                 "sign_in_url": absolute(reverse("workflows:municipality_sign_in")) if decision in TAKING_PART
                 else ""},
    )


# Decisions that give the municipality a seat, and with it "Jeres forløb", where its people do their part.
TAKING_PART = (DecisionText.Decision.ACCEPT, DecisionText.Decision.SEAT_GRANTED)


def send_withdrawal_confirmation(registration):
    send_answerable(
        to=registration.contact_email, template="registration_withdrawn", reply_to=reply_address(registration),
        context={"registration": registration},
    )


def send_screening_reminder(registration, task_url):
    """Remind everyone who screens registrations that one has waited too long."""
    for adviser in permissions.users_with(permissions.SCREEN_REGISTRATION).exclude(email=""):
        send_email(
            to=adviser.email, template="screening_reminder",
            context={"adviser": adviser, "registration": registration, "task_url": task_url},
        )
