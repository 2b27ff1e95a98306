"""Periodic jobs of the programme (viewflow's timers run from core.jobs)."""

from datetime import timedelta

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from core.scheduler import periodic

from .models import MeetingSignup, Registration
from .municipality import reminders
from .personal_data import ERASED_NAME, anonymise_registration

SIGNUP_RETENTION = timedelta(days=30)
CLOSED_REGISTRATION_RETENTION = timedelta(days=365)


@periodic(days=1, name="workflows.anonymise_old_meeting_signups")
def anonymise_old_meeting_signups():
    """Sign-ups hold names and email addresses: 30 days after the meeting only the municipality and whether it
    attended remain (screening shows attendance). The sign-up form says so."""
    MeetingSignup.objects.filter(
        meeting__starts_at__lt=timezone.now() - SIGNUP_RETENTION
    ).exclude(name=ERASED_NAME).update(
        name=ERASED_NAME,
        role="",
        email=Concat(Value("slettet-"), Cast("pk", CharField()), Value("@anonymiseret.invalid")),
    )


@periodic(days=1, name="workflows.anonymise_closed_registrations")
def anonymise_closed_registrations():
    """A declined or withdrawn registration keeps its case (municipality, cohort, answers) for the programme's
    statistics, but the people it names are erased a year after it closed."""
    closed = Registration.objects.filter(
        status__in=[Registration.Status.DECLINED, Registration.Status.WITHDRAWN],
        updated_at__lt=timezone.now() - CLOSED_REGISTRATION_RETENTION,
    )
    for registration in closed.exclude(contact_name=ERASED_NAME):
        anonymise_registration(registration)


@periodic(hours=1, name="workflows.municipality_task_reminders")
def remind_about_municipality_tasks():
    """The municipality's people are reminded of a task before it falls due, and the lead adviser told once it is
    overdue (`municipality.reminders`)."""
    reminders.send_due_notices()
