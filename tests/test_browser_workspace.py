"""A day in the staff workspace, in headless Chromium, done entirely in the Wagtail admin: an adviser, a coordinator,
a competence partner and an editor sign in at the Wagtail login, find their work, do it, and see the case and the
municipality's status page change. Every workspace page on the way passes axe-core's WCAG 2.1 A/AA checks at
1280 and 375 px with nothing cut off at the right edge (`browser_support.assert_accessible`), and the pictures in
docs/screenshots/ are taken here (`make screenshots`)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from core import scheduler
from tests.browser_support import assert_accessible, screenshot, sign_in
from tests.course_support import AUTUMN, accepted_registration, course_under_way, do_task, open_task, staff
from workflows.course.flows import WorkshopFlow
from workflows.registration import links

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def row_of(page, task):
    """A task's row in a task list (its title cell carries the task's id)."""
    return page.locator("tr", has=page.locator(f"#task_{task.pk}_title"))


def open_tab(page, name):
    page.get_by_role("tab", name=name).click()
    return page.get_by_role("tabpanel", name=name)


def test_an_advisers_day(live_server, page, tmp_path):
    anne, bo, carla = staff()
    client = Client()
    with time_machine.travel(AUTUMN, tick=False):
        registration = accepted_registration(adviser=anne)
    course_under_way(client, registration, anne, carla)
    workshop = registration.course.workshops.get()
    with time_machine.travel(workshop.starts_at - timedelta(days=3), tick=False):
        do_task(client, anne, open_task(registration, WorkshopFlow.prepare), {"agenda": "Roller og forventninger"})
    with time_machine.travel(workshop.starts_at - timedelta(days=2), tick=False):
        scheduler.run_due_jobs()
    with time_machine.travel(workshop.ends_at + timedelta(minutes=5), tick=False):
        scheduler.run_due_jobs()
        task = open_task(registration, WorkshopFlow.record_outcome)
        with task.activation() as activation:  # Anne is ill: her task goes back to the advisers' queue
            activation.unassign()

    with time_machine.travel(workshop.ends_at + timedelta(hours=20), tick=True):
        # Bo signs in; the dashboard's panel tells him what waits for him and his group.
        sign_in(page, live_server.url, bo.username)
        assert page.url == live_server.url + "/admin/"
        assert page.get_by_test_id("panel-inbox").inner_text() == "0 opgaver til mig"
        assert page.get_by_test_id("panel-queue").inner_text() == "1 opgave i mine gruppers kø"
        assert_accessible(page, "dashboard")
        page.get_by_test_id("panel-queue").click()

        # The queue: the step, the municipality, and a "Take" button in the row.
        page.wait_for_url("**/admin/opgaver/koe/")
        row = row_of(page, task)
        assert "Registrér workshoppens resultat" in row.inner_text() and "Aarhus" in row.inner_text()
        assert_accessible(page, "queue")
        with page.expect_navigation():
            row.get_by_role("button", name="Tag", exact=True).click()
        assert "Opgaven er nu din." in page.locator(".messages").inner_text()
        assert row_of(page, task).count() == 0  # no longer in the queue

        # My tasks: the task is his now; its title opens the task's screen.
        page.get_by_role("button", name="Sagsbehandling").click()  # the menu
        page.get_by_role("link", name=re.compile(r"^Mine opgaver")).click()
        page.wait_for_url("**/admin/opgaver/")
        assert "Bo Kollega" in row_of(page, task).inner_text()
        assert_accessible(page, "my tasks")
        screenshot(page, "task-list", tmp_path)
        row_of(page, task).get_by_role("link", name="Registrér workshoppens resultat").click()

        # The task's screen: what the step is for, and the municipality's answers in a side panel.
        page.wait_for_url(f"**/admin/opgaver/{task.pk}/")
        assert "Hvor mange deltog" in page.get_by_test_id("task-header").inner_text()
        assert_accessible(page, "task screen")
        page.get_by_role("button", name="Vis kommunens svar").click()
        answers = page.get_by_test_id("answers-panel")
        answers.wait_for()
        assert registration.motivation.splitlines()[0] in answers.inner_text()
        assert_accessible(page, "task screen with the answers")
        screenshot(page, "task-screen", tmp_path)
        page.get_by_role("button", name="Vis sagens historik").click()
        assert "Forbered workshoppen" in page.get_by_test_id("history-panel").inner_text()
        page.get_by_label("Antal deltagere").fill("11")
        page.get_by_label("Noter").fill("Ledelsen bakker op.")
        page.get_by_label("Aftalte handlinger").fill("Ansæt to peers.")
        with page.expect_navigation():
            page.get_by_role("button", name="Udfør opgaven").click()

        # Done: he lands on the case, which says so; the timeline shows what he recorded.
        page.wait_for_url(f"**/admin/sager/{registration.pk}/")
        assert "Du udførte »Registrér workshoppens resultat«" in page.locator(".messages").inner_text()
        timeline = open_tab(page, "Tidslinje").inner_text()
        assert "Registrér workshoppens resultat" in timeline and "Bo Kollega" in timeline
        assert "Workshop (Ledelse): 11 deltog. Aftalte handlinger: Ansæt to peers." in timeline
        for tab in ("Overblik", "Opgaver", "Tidslinje", "Kontakter og svar", "Workshops og kompetencer", "Noter"):
            open_tab(page, tab)
            assert_accessible(page, f"case page, tab {tab}")
        open_tab(page, "Tidslinje")
        screenshot(page, "case-page", tmp_path)

        page.goto(live_server.url + "/admin/opgaver/arkiv/")
        assert "Registrér workshoppens resultat" in row_of(page, task).inner_text()
        assert_accessible(page, "archive")

        # The municipality's status page shows the workshop's outcome.
        page.goto(live_server.url + f"/forloeb/status/{links.status_token(registration)}/")
        assert "11 deltagere. Aftalte handlinger: Ansæt to peers." in page.locator("main").inner_text()
        assert_accessible(page, "status page")
