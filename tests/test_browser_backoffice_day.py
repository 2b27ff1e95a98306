"""An adviser's day in headless Chromium: sign in through the Wagtail login, start from the admin panel, find the
workshop task in the queue, claim it, record the workshop's outcome in the task form, then see it on the case
page's timeline and on the municipality's status page. The pages pass axe-core's checks on the way."""

from datetime import timedelta

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe
from django.test import Client

from core import scheduler
from tests.course_support import AUTUMN, accepted_registration, course_under_way, do_task, open_task, staff
from workflows.course.flows import WorkshopFlow
from workflows.registration import links

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_advisers_day(live_server, page):
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
        page.goto(live_server.url + "/admin/login/")
        page.fill("input[name=username]", bo.username)
        page.fill("input[name=password]", "password-for-tests")
        page.click("button[type=submit]")
        page.wait_for_url(live_server.url + "/admin/")
        assert "0 opgaver til mig" in page.get_by_test_id("panel-inbox").inner_text()
        page.get_by_test_id("panel-queue").click()

        page.wait_for_url("**/sagsbehandling/opgaver/koe/")
        assert_accessible(page)
        row = page.get_by_test_id(f"task-{task.pk}")
        assert "Registrér workshoppens resultat" in row.inner_text() and "Aarhus" in row.inner_text()
        with page.expect_navigation():
            row.get_by_role("button", name="Tag opgaven").click()
        assert "Opgaven er nu din." in page.locator("main").inner_text()

        page.goto(live_server.url + "/sagsbehandling/opgaver/")
        page.get_by_test_id(f"task-{task.pk}").get_by_role("link", name="Registrér workshoppens resultat").click()
        page.wait_for_url("**/execute/")
        page.fill("input[name=attendance]", "11")
        page.fill("textarea[name=notes]", "Ledelsen bakker op.")
        page.fill("textarea[name=agreed_actions]", "Ansæt to peers.")
        with page.expect_navigation():
            page.get_by_role("button", name="Udfør", exact=True).click()
        assert "/execute/" not in page.url  # the form was accepted

        page.goto(live_server.url + f"/sagsbehandling/sager/{registration.pk}/")
        timeline = page.get_by_test_id("timeline").inner_text()
        assert_accessible(page)
        assert "Registrér workshoppens resultat" in timeline and "Bo Kollega" in timeline
        assert "11 deltog. Aftalte handlinger: Ansæt to peers." in timeline

        page.goto(live_server.url + f"/forloeb/status/{links.status_token(registration)}/")
        assert "11 deltagere. Aftalte handlinger: Ansæt to peers." in page.locator("main").inner_text()
        assert_accessible(page)


def assert_accessible(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
