"""The skeleton as a person meets it, in headless Chromium."""

import pytest

from devtools.factories.core import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_keyboard_user_reaches_main_content_first(live_server, page):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "da"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Spring til indhold"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    assert page.locator("h1").inner_text() == "Peer-støtte i kommunernes socialpsykiatri"


def test_staff_sign_in_through_the_wagtail_login(live_server, page):
    UserFactory(username="admin", password="demo-admin-2026", is_superuser=True, is_staff=True)
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "demo-admin-2026")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    assert page.locator("main").count() == 1
