"""The page editor's slug, made by Wagtail's admin script as the editor types the title, spells out æ, ø and å."""

import re

import pytest
from playwright.sync_api import expect

from cms.models import HomePage, StandardPage
from tests.support.browser import sign_in_as_administrator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_admin_fills_the_slug_with_danish_letters_spelt_out(live_server, page):
    sign_in_as_administrator(page, live_server.url)
    page.goto(live_server.url + f"/admin/pages/add/cms/standardpage/{HomePage.objects.get().pk}/")
    page.locator("#id_title").press_sequentially("Evaluering af peer-støtte 2026 på Ærø", delay=10)
    expect(page.locator("#id_slug")).to_have_value("evaluering-af-peer-stoette-2026-paa-aeroe")
    page.locator("button[data-w-dropdown-target=toggle]").last.click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))
    assert StandardPage.objects.get(title="Evaluering af peer-støtte 2026 på Ærø").url == (
        "/evaluering-af-peer-stoette-2026-paa-aeroe/"
    )
