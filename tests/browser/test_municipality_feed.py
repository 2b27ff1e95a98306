"""The plan's calendar subscription in the browser: a contact person makes their address, copies it with the button,
and the calendar program's request gets the calendar; axe-core's checks at 1280 and 375 px on the plan with and
without the address (WCAG 2.2 AA, as the public site)."""

import pytest
import requests
import time_machine
from django.test import Client

from tests.municipality.conftest import MID_COURSE, last_link
from tests.support.browser import WCAG_22_AA, assert_accessible
from tests.support.course import AUTUMN, accepted_registration, course_under_way, staff
from workflows.municipality import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_contact_person_subscribes_to_the_plan_in_their_calendar(live_server, page, settings):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    anne, _bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        aarhus = accepted_registration(adviser=anne)
    course_under_way(Client(), aarhus, anne, carla)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)

    with time_machine.travel(MID_COURSE, tick=True):
        services.request_sign_in(aarhus.contact_email)
        page.goto(live_server.url + last_link(aarhus.contact_email))
        with page.expect_navigation():
            page.locator("main").get_by_role("button").click()
        feed = page.get_by_test_id("calendar-feed")
        with page.expect_navigation():
            feed.get_by_role("button").click()
        address = page.get_by_test_id("feed-address").input_value()
        assert address.startswith(live_server.url + "/forloeb/jeres/kalender/")
        assert_accessible(page, "the plan with a calendar address", rules=WCAG_22_AA)

        copy = page.locator("button[data-copy]")
        copy.click()  # shown, now that the browser can copy
        page.locator("[data-copy-status]").get_by_text(copy.get_attribute("data-copied")).wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == address

        response = requests.get(address, timeout=10)
        assert response.status_code == 200 and b"BEGIN:VEVENT" in response.content
