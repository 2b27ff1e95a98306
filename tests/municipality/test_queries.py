"""The plan page and a task's page ask the database a fixed number of questions, however many people, tasks,
workshops, sessions and enrolments the case holds."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from devtools.factories.workflows import CasePersonFactory
from tests.support.municipality_tasks import municipality_task, open_municipality_tasks, task_url
from workflows.course import services as course_services
from workflows.course.flows import CourseFlow
from workflows.models import Audience, CompetenceModule, GuidanceSession, Workshop

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
    course_services.enrol(course, CompetenceModule.objects.filter(programme=case.aarhus.programme), ["Sofie", "Jens"])
    assert _queries(client, url) == bare
    # session, account, the case's people (whether each works in the admin with them), the case, the case's tasks
    # (their senders' names among the people), the course's four lists (workshops, sessions, evaluations, enrolments
    # with their modules); the page frame (menu and footer) is kept beside the cached pages (cms.frame): none
    assert bare <= 9


def _more_of_everything(case):
    """Four more people, and three more open tasks (a planned workshop's invitation to answer, each)."""
    for _n in range(4):
        CasePersonFactory(registration=case.aarhus)
    for n in range(3):
        course_services.plan_workshop(case.aarhus.course, Workshop(
            audience=Audience.STAFF, place=f"Lokale {n}", starts_at=timezone.now() + timedelta(days=30 + n)))


def test_a_task_page_asks_as_many_questions_for_a_full_case_as_for_a_bare_one(client, case):
    sign_in(client, case.aarhus.contact_email)
    tasks_before = len(open_municipality_tasks(case.aarhus))
    url = task_url(municipality_task(case.aarhus, CourseFlow.set_goals))
    bare = _queries(client, url)
    _more_of_everything(case)
    assert len(open_municipality_tasks(case.aarhus)) == tasks_before + 3
    assert _queries(client, url) == bare
    plan = plan_url(case.aarhus)
    assert client.get(plan).content.decode().count('data-testid="task-') == tasks_before + 3
    # session, account, the case's people, the case, the task (the permission: the case just checked); the step's
    # form and what it shows (the indicators asked); the page frame is kept (cms.frame): none
    assert bare <= 9
