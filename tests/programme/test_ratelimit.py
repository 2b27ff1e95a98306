"""Every public form of the programme is rate-limited per visitor and per form: accepted submissions are limited
(PUBLIC_FORM_RATE_LIMIT), attempts only against floods (PUBLIC_FORM_ATTEMPT_LIMIT), with a clear Danish message
and the input kept."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from core.models import RateLimitCounter
from core.scheduler import run_due_jobs
from devtools.factories.workflows import CohortFactory, InformationMeetingFactory, RegistrationFactory
from tests.support.programme import registration_post
from workflows.models import Municipality, Registration

pytestmark = pytest.mark.django_db
MESSAGE = "Du har sendt formularen mange gange på kort tid."


@pytest.fixture
def limit(settings):
    return settings.PUBLIC_FORM_RATE_LIMIT


def register(client, cohort, municipality, **overrides):
    return client.post(f"/forloeb/{cohort.programme.slug}/tilmelding/",
                       registration_post(cohort, municipality, **overrides))


def sign_up(client, meeting, n):
    return client.post(f"/forloeb/moeder/{meeting.pk}/tilmeld/",
                       {"name": "Lis", "email": f"lis{n}@example.dk", "municipality": Municipality.objects.first().pk,
                        "role": "Leder"}, follow=True)


def test_a_form_corrected_many_times_can_still_be_sent(client, limit):
    """Failed validation is no accepted submission: the employee who corrects the form is never blocked by it."""
    cohort = CohortFactory()
    aarhus = Municipality.objects.get(code="aarhus")
    for _ in range(limit + 1):
        html = register(client, cohort, aarhus, contact_email="ikke-en-adresse").content.decode()
        assert MESSAGE not in html and "ikke-en-adresse" in html
    response = register(client, cohort, aarhus)
    assert MESSAGE not in response.content.decode()
    assert Registration.objects.filter(municipality=aarhus).exists()


def test_accepted_registrations_are_limited_and_the_input_kept(client, limit):
    cohort = CohortFactory()
    last = Municipality.objects.order_by("pk")[limit]
    for municipality in Municipality.objects.order_by("pk")[:limit]:
        assert MESSAGE not in register(client, cohort, municipality).content.decode()
    html = register(client, cohort, last, motivation="Vi vil gerne være med").content.decode()
    assert MESSAGE in html and "Vi vil gerne være med" in html
    assert Registration.objects.count() == limit and not Registration.objects.filter(municipality=last).exists()
    # Another visitor is not affected.
    response = client.post(f"/forloeb/{cohort.programme.slug}/tilmelding/", registration_post(cohort, last),
                           REMOTE_ADDR="10.0.0.9")
    assert MESSAGE not in response.content.decode() and Registration.objects.filter(municipality=last).exists()


def test_a_registration_refused_after_validation_is_not_counted(client, limit):
    """Already registered: the form was valid, but nothing was accepted."""
    cohort = CohortFactory()
    aarhus = Municipality.objects.get(code="aarhus")
    RegistrationFactory(cohort=cohort, municipality=aarhus)
    for _ in range(limit + 1):
        assert MESSAGE not in register(client, cohort, aarhus).content.decode()
    assert MESSAGE not in register(client, cohort, Municipality.objects.get(code="odense")).content.decode()


def test_meeting_sign_ups_are_limited(client, limit):
    meeting = InformationMeetingFactory()
    for n in range(limit):
        assert "Du er tilmeldt" in sign_up(client, meeting, n).content.decode()
    response = sign_up(client, meeting, limit)
    assert response.status_code == 200 and MESSAGE in response.content.decode()
    assert meeting.signups.count() == limit


def test_a_full_meeting_gives_the_sign_up_back(client, limit):
    full = InformationMeetingFactory(capacity=0)
    for n in range(limit + 1):
        assert MESSAGE not in sign_up(client, full, n).content.decode()
    assert "Du er tilmeldt" in sign_up(client, InformationMeetingFactory(), 99).content.decode()


def test_status_link_requests_are_limited(client, limit):
    for _ in range(limit):
        client.post("/forloeb/status/nyt-link/", {"email": "a@example.dk"})
    assert MESSAGE in client.post("/forloeb/status/nyt-link/", {"email": "a@example.dk"}).content.decode()


def test_floods_of_attempts_are_refused_even_when_valid(client, settings):
    settings.PUBLIC_FORM_ATTEMPT_LIMIT = 8
    meeting = InformationMeetingFactory()
    for _ in range(8):
        assert MESSAGE not in client.post(f"/forloeb/moeder/{meeting.pk}/tilmeld/", {"email": "x"}).content.decode()
    assert MESSAGE in sign_up(client, meeting, 1).content.decode()
    assert not meeting.signups.exists()


def test_each_form_counts_on_its_own_and_counts_expire(client, limit):
    meeting = InformationMeetingFactory()
    for n in range(limit):
        sign_up(client, meeting, n)
    assert MESSAGE in sign_up(client, meeting, limit).content.decode()
    assert MESSAGE not in client.post("/forloeb/status/nyt-link/", {"email": "a@example.dk"}).content.decode()

    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        assert "Du er tilmeldt" in sign_up(client, meeting, limit).content.decode()
    with time_machine.travel(timezone.now() + timedelta(minutes=22)):
        run_due_jobs()
        assert not RateLimitCounter.objects.exists()  # the scheduler removes counts whose window has passed
