"""The plan page asks the database a fixed number of questions, however many people, workshops and sessions the
case holds."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from devtools.factories.workflows import CasePersonFactory
from workflows.models import Audience, GuidanceSession, Workshop

from .conftest import plan_url, sign_in

pytestmark = pytest.mark.django_db


def _queries(client, url):
    client.get(url)  # warm the per-process caches (Wagtail's site root paths)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_plan_page_asks_as_many_questions_for_a_full_case_as_for_a_bare_one(client, case):
    sign_in(client, case.aarhus.contact_email)
    url = plan_url(case.aarhus)
    bare = _queries(client, url)
    course = case.aarhus.course
    for n in range(4):
        CasePersonFactory(registration=case.aarhus)
        Workshop.objects.create(course=course, audience=Audience.STAFF, place=f"Lokale {n}",
                                starts_at=timezone.now() + timedelta(days=30 + n))
        GuidanceSession.objects.create(course=course, number=n + 1, place="Online",
                                       meeting_url="https://meet.example.dk/vejledning",
                                       starts_at=timezone.now() + timedelta(days=40 + n))
    page = client.get(url).content.decode()
    assert page.count('data-testid="person-') == 5 and page.count("Lokale ") == 4
    assert page.count("https://meet.example.dk/vejledning") == 4
    assert _queries(client, url) == bare
    # session, account, person with its case, the case's tasks, the course's three lists, the people; the page frame
    assert bare <= 13
