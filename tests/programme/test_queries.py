"""Query budgets of the programme's public pages: the registration form and the status page ask the database a
small, fixed number of questions, however many cohorts are open and whatever the course holds. The budgets count
the programme's own queries exactly, and every page's whole count is capped: the shared page frame (menu and
footer) asks nothing once kept (cms.frame), so the rest is the page's own and Wagtail's."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from devtools.factories.workflows import CohortFactory, ProgrammeFactory, RegistrationFactory, municipality
from workflows.models import Audience, Course, Registration, Workshop
from workflows.registration import links, services

pytestmark = pytest.mark.django_db

PAGE_CAP = 5


def programme_queries(client, url):
    client.get(url)  # warm the per-process caches (Wagtail's site root paths)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert len(captured) <= PAGE_CAP
    return [query["sql"] for query in captured if '"workflows_' in query["sql"]]


def test_the_registration_form_asks_four_questions_for_one_or_four_open_cohorts(client):
    programme = ProgrammeFactory()
    CohortFactory(programme=programme)
    url = f"/forloeb/{programme.slug}/tilmelding/"
    # the programme, its open cohorts, their seat figures (seats.seat_facts), the municipalities
    assert len(programme_queries(client, url)) == 4
    for _ in range(3):
        CohortFactory(programme=programme)
    assert len(programme_queries(client, url)) == 4


def test_the_status_page_asks_one_question_before_the_course_and_three_during_it(client):
    registration = services.submit(
        RegistrationFactory.build(cohort=CohortFactory(), municipality=municipality("aarhus"))
    )
    url = f"/forloeb/status/{links.status_token(registration)}/"
    assert len(programme_queries(client, url)) == 1  # the registration with its programme, cohort and course

    registration.status = Registration.Status.IN_COURSE
    registration.save()
    course = Course.objects.create(registration=registration, starts_on=registration.cohort.starts_on)
    for days in (10, 40):
        Workshop.objects.create(course=course, audience=Audience.MANAGEMENT, place="Rådhuset",
                                starts_at=timezone.now() + timedelta(days=days))
    page = client.get(url).content.decode()
    assert page.count('data-testid="workshop-') == 2
    # and the course's workshops, guidance sessions, evaluations and enrolments with their modules (the journey and
    # the coming dates read them: `lifecycle.dated_events_prefetch`)
    assert len(programme_queries(client, url)) == 5
