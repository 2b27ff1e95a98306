"""Every public page type, in headless Chromium, has no axe-core violations of the WCAG 2.1 A/AA rules (the law's
EN 301 549) nor of WCAG 2.2 AA's target size (which Lighthouse checks), sets no cookies, and stays usable at phone
width."""

import pytest
from wagtail.models import Page

from cms.models import ProgrammePage
from devtools.demo import cms as demo
from tests.support.browser import WCAG_22_AA, assert_accessible
from tests.support.programme import add_cohorts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def test_every_public_page_type_passes_axe_and_sets_no_cookies(live_server, page):
    demo.build(lambda message: None)
    add_cohorts(ProgrammePage.objects.get().programme)  # the programme page's cohort table
    failed = []
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    seen_types = set()
    urls = []
    for wagtail_page in Page.objects.live().public().filter(depth__gte=2).specific():
        if type(wagtail_page) not in seen_types:
            seen_types.add(type(wagtail_page))
            urls.append(wagtail_page.url)
    urls += [
        "/nyheder/saadan-kan-der-skabes-flere-job-til-peers/",  # image, documents, related content, comments
        "/nyheder/?kategori=nyheder", "/soeg/?q=peer", "/soeg/?q=findesikke", "/nyhedsbrev/", "/findes-ikke/",
        "/kontakt/?sendt=1", "/nyhedsbrev/?sendt=1",  # the thanks after a form is sent
    ]
    assert len(seen_types) >= 12
    for url in urls:
        page.goto(live_server.url + url)
        assert_accessible(page, url, rules=WCAG_22_AA)  # at desktop and phone width, nothing sideways
    assert page.context.cookies() == []
    assert failed == [live_server.url + "/findes-ikke/"]  # nothing else missing: images, styles, scripts
    favicon = page.goto(live_server.url + "/favicon.ico")  # browsers and crawlers ask for it whatever a page links
    assert favicon.ok and favicon.url == live_server.url + "/static/favicon.ico"


def test_forms_with_errors_pass_axe(live_server, page):
    demo.build(lambda message: None)
    for url, submit in (("/kontakt/", "Send"), ("/nyhedsbrev/", "Tilmeld"),
                        ("/nyheder/saadan-kan-der-skabes-flere-job-til-peers/", "Send kommentar")):
        page.goto(live_server.url + url)
        page.get_by_role("button", name=submit, exact=True).click()
        page.wait_for_selector(".error-summary")
        assert_accessible(page, f"{url} with errors", rules=WCAG_22_AA)
    assert page.context.cookies() == []
