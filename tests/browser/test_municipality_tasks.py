"""A contact person does the goals and starting point in "Jeres forløb": the task list on the plan, the form, the
summary and the receipt, with axe-core's checks at 1280 and 375 px on each screen (WCAG 2.2 AA)."""

import pytest
import time_machine
from django.test import Client

from tests.municipality.conftest import MID_COURSE
from tests.support.browser import WCAG_22_AA, assert_accessible, fill_self_assessment, sign_in_by_link
from tests.support.course import AUTUMN, accepted_registration, course_under_way, staff
from tests.support.municipality_tasks import municipality_task, task_url
from workflows.course.flows import CourseFlow
from workflows.outcomes.models import SelfAssessment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_contact_person_sends_the_goals_and_starting_point(live_server, page, settings):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    anne, _bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        aarhus = accepted_registration(adviser=anne)
    course_under_way(Client(), aarhus, anne, carla)
    task = municipality_task(aarhus, CourseFlow.set_goals)

    with time_machine.travel(MID_COURSE, tick=True):
        sign_in_by_link(page, live_server.url, aarhus.contact_email)
        assert page.locator(f'[data-testid="task-{task.pk}"]').is_visible()
        assert_accessible(page, "the plan with its tasks", rules=WCAG_22_AA)

        with page.expect_navigation():
            page.locator(f'[data-testid="task-{task.pk}"] a').click()
        assert page.url.endswith(task_url(task))
        assert_accessible(page, "the task's form", rules=WCAG_22_AA)
        page.locator("textarea[name=goals]").fill("To peers ansat i bostøtten.")
        fill_self_assessment(page, scale=3, number=2)
        with page.expect_navigation():
            page.locator("main form button.button").click()
        assert page.locator('[data-testid="summary"]').is_visible()
        assert_accessible(page, "the summary", rules=WCAG_22_AA)

        with page.expect_navigation():
            page.locator("main form button.button").click()
        assert page.locator('[data-testid="receipt"]').is_visible()
        assert_accessible(page, "the receipt", rules=WCAG_22_AA)
    assert SelfAssessment.objects.get(registration=aarhus).goals == "To peers ansat i bostøtten."
