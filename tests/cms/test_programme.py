"""The programme page and the home page's call to action show the programme's live figures from `workflows`."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import HomePage
from devtools.factories.cms import ProgrammePageFactory
from devtools.factories.workflows import (
    CohortFactory,
    InformationMeetingFactory,
    ProgrammeFactory,
    RegistrationFactory,
    municipality,
)
from workflows.registration import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme_page():
    programme = ProgrammeFactory(capacity=20)
    return ProgrammePageFactory(parent=HomePage.objects.get(), programme=programme)


def test_programme_page_shows_cohorts_deadlines_seats_and_meetings_live(client, programme_page):
    programme = programme_page.programme
    cohort = CohortFactory(programme=programme, label="Januar 2027")
    meeting = InformationMeetingFactory(programme=programme)
    html = client.get(programme_page.url).content.decode()
    assert "Januar 2027" in html
    assert "20 pladser tilbage" in html
    assert f"/forloeb/moeder/{meeting.pk}/" in html or f"{meeting.pk}" in html
    assert "Tilmeld jeres kommune" in html

    services.submit(RegistrationFactory(cohort=cohort, municipality=municipality("aarhus")))
    html = client.get(programme_page.url).content.decode()
    assert "19 pladser tilbage" in html


def test_home_call_to_action_shows_the_next_deadline_and_seats_left(client, programme_page):
    CohortFactory(programme=programme_page.programme, label="August 2027")
    home = HomePage.objects.get()
    home.cta_heading = "Vil I have støtte?"
    home.cta_page = programme_page
    home.save_revision().publish()
    html = client.get("/").content.decode()
    assert "Tilmeldingen til August 2027 lukker" in html
    assert "20 pladser tilbage på holdet." in html


def test_programme_page_queries_do_not_grow_with_cohorts_and_meetings(client, programme_page):
    programme = programme_page.programme
    CohortFactory(programme=programme)
    InformationMeetingFactory(programme=programme)
    client.get(programme_page.url)  # warm caches (site root paths, settings)
    with CaptureQueriesContext(connection) as few:
        client.get(programme_page.url)
    for _ in range(5):
        CohortFactory(programme=programme)
        InformationMeetingFactory(programme=programme)
    with CaptureQueriesContext(connection) as many:
        client.get(programme_page.url)
    assert len(many) == len(few)
