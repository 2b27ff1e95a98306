"""The municipality's people in the browser: a contact person signs in from the emailed link, reads the plan and
invites a colleague, with axe-core's checks at 1280 and 375 px on every screen (WCAG 2.2 AA, as the public site)."""

import pytest
import time_machine
from django.test import Client

from tests.municipality.conftest import MID_COURSE, SIGN_IN, last_link
from tests.support.browser import WCAG_22_AA, assert_accessible
from tests.support.course import AUTUMN, accepted_registration, course_under_way, staff
from tests.support.programme import only_email_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_contact_person_signs_in_reads_the_plan_and_invites_a_colleague(live_server, page, settings):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    anne, _bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        aarhus = accepted_registration(adviser=anne)
    course_under_way(Client(), aarhus, anne, carla)

    with time_machine.travel(MID_COURSE, tick=True):
        page.goto(live_server.url + SIGN_IN)
        assert_accessible(page, "sign-in", rules=WCAG_22_AA)
        page.get_by_label("Din e-mailadresse på arbejdet").fill(aarhus.contact_email)
        with page.expect_navigation():
            page.locator("main").get_by_role("button").click()
        assert_accessible(page, "link sent", rules=WCAG_22_AA)

        page.goto(live_server.url + last_link(aarhus.contact_email))
        assert_accessible(page, "the link's page", rules=WCAG_22_AA)
        with page.expect_navigation():
            page.locator("main").get_by_role("button").click()
        assert page.get_by_role("heading", name="Planen").is_visible()
        assert "Opstart" in page.locator("main").inner_text()
        assert_accessible(page, "the plan", rules=WCAG_22_AA)

        page.get_by_label("Navn").fill("Jonas Kollega")
        page.get_by_label("E-mailadresse").fill("jonas@aarhus.example.dk")
        with page.expect_navigation():
            page.get_by_role("button", name="Send invitation").click()
        assert "Jonas Kollega er inviteret" in page.locator("main").inner_text()
        assert "/forloeb/jeres/link/" in only_email_to("jonas@aarhus.example.dk").body
        assert_accessible(page, "the plan with a colleague", rules=WCAG_22_AA)
