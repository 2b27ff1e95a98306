"""The staff workspace under its enforced Content-Security-Policy (core.csp): the sign-in held to the strict policy,
and the admin's busiest screens (the dashboard, the page editor with an inline panel and its live preview, the
image upload, the task list, a case) used without a single violation."""

import pytest

from cms.models import ContactPage
from devtools.demo import cms as demo
from tests.support.browser import sign_in_as_administrator

pytestmark = pytest.mark.django_db(transaction=True)

RECORD_VIOLATIONS = """
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation',
        event => window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`));
"""


def visit(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.cspViolations")


def test_staff_screens_run_under_the_enforced_policy(live_server, page):
    demo.build(lambda message: None)
    page.add_init_script(RECORD_VIOLATIONS)
    login = page.goto(live_server.url + "/admin/login/")
    assert "unsafe-inline" not in login.headers["content-security-policy"]
    assert page.evaluate("window.cspViolations") == []
    sign_in_as_administrator(page, live_server.url)

    contact = ContactPage.objects.get()
    for path in ["/admin/", f"/admin/pages/{contact.pk}/edit/", "/admin/images/multiple/add/", "/admin/opgaver/",
                 "/admin/sager/", "/admin/kalender/", "/admin/overblik/"]:
        assert visit(page, live_server.url + path) == [], path

    # The inline panel's inline script ran: its button adds a form field.
    page.goto(live_server.url + f"/admin/pages/{contact.pk}/edit/")
    before = page.locator("[data-inline-panel-child]:not(.deleted)").count()
    page.locator("#id_form_fields-ADD").click()
    assert page.locator("[data-inline-panel-child]:not(.deleted)").count() == before + 1
    assert page.evaluate("window.cspViolations") == []
