"""Retention: the scheduler erases the programme's personal data when its purpose has passed."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from core.scheduler import run_due_jobs
from devtools.factories.workflows import (
    CohortFactory,
    InformationMeetingFactory,
    MeetingSignupFactory,
    RegistrationFactory,
    municipality,
)
from workflows.models import Registration
from workflows.registration import services

pytestmark = pytest.mark.django_db


def test_meeting_signups_keep_only_attendance_30_days_after_the_meeting():
    meeting = InformationMeetingFactory()
    signup = MeetingSignupFactory(meeting=meeting, name="Lis Berg", email="lis@kommune.dk", attended=True)
    with time_machine.travel(meeting.starts_at + timedelta(days=29)):
        run_due_jobs()
    signup.refresh_from_db()
    assert signup.email == "lis@kommune.dk"
    with time_machine.travel(meeting.starts_at + timedelta(days=31)):
        run_due_jobs()
    signup.refresh_from_db()
    assert signup.name == "[slettet]" and signup.email.endswith("@anonymiseret.invalid") and signup.role == ""
    assert signup.attended is True and signup.municipality_id


def test_withdrawn_registrations_lose_their_people_after_a_year_active_ones_do_not():
    cohort = CohortFactory()
    withdrawn = services.submit(RegistrationFactory(cohort=cohort, contact_email="a@kommune.dk"))
    Registration.objects.filter(pk=withdrawn.pk).update(status=Registration.Status.WITHDRAWN)
    active = services.submit(RegistrationFactory(cohort=cohort, municipality=municipality("odense"),
                                                contact_email="a@kommune.dk"))
    with time_machine.travel(timezone.now() + timedelta(days=366)):
        run_due_jobs()
    withdrawn.refresh_from_db()
    active.refresh_from_db()
    assert withdrawn.contact_name == "[slettet]" and withdrawn.manager_name == "[slettet]"
    assert withdrawn.motivation  # the case itself stays for the programme's statistics
    assert active.contact_email == "a@kommune.dk"
