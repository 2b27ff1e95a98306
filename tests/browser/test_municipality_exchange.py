"""The thread and the documents of "Jeres forløb" in the browser: a signed-in contact person reads the adviser's
message, answers with an attachment (a refused file first: the text stays, the form says what went wrong), and
uploads the collaboration agreement, with axe-core's checks at 1280 and 375 px on every screen (WCAG 2.2 AA)."""

import pytest
import time_machine
from django.test import Client

from tests.municipality.conftest import MID_COURSE
from tests.support.browser import WCAG_22_AA, assert_accessible, sign_in_by_link
from tests.support.course import AUTUMN, accepted_registration, course_under_way, staff
from tests.support.uploads import HTML_AS_PDF, PDF, with_private_media
from workflows.course.documents import CourseDocument
from workflows.municipality import exchange
from workflows.registration.models import CaseMessage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_contact_person_answers_in_the_thread_and_uploads_the_agreement(live_server, page, settings, tmp_path):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    with_private_media(settings, tmp_path)
    anne, _bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        aarhus = accepted_registration(adviser=anne)
    course_under_way(Client(), aarhus, anne, carla)

    with time_machine.travel(MID_COURSE, tick=True):
        exchange.write_to_municipality(aarhus, anne, "Velkommen", "Velkommen til forløbet.\n\nHilsen Anne")
        sign_in_by_link(page, live_server.url, aarhus.contact_email)

        page.goto(f"{live_server.url}/forloeb/jeres/{aarhus.pk}/beskeder/")
        assert "Velkommen til forløbet." in page.locator("[data-testid=thread]").inner_text()
        assert_accessible(page, "the thread", rules=WCAG_22_AA)

        page.locator("textarea[name=body]").fill("Tak! Her er vores udkast.")
        page.locator("input[name=files]").set_input_files(
            [{"name": "udkast.pdf", "mimeType": "application/pdf", "buffer": HTML_AS_PDF}])
        with page.expect_navigation():
            page.locator("form[enctype] button[type=submit]").click()
        assert page.locator("textarea[name=body]").input_value() == "Tak! Her er vores udkast."
        assert page.locator(".error-summary").is_visible()
        assert_accessible(page, "the thread with a refused file", rules=WCAG_22_AA)

        page.locator("input[name=files]").set_input_files(
            [{"name": "udkast.pdf", "mimeType": "application/pdf", "buffer": PDF}])
        with page.expect_navigation():
            page.locator("form[enctype] button[type=submit]").click()
        answer = CaseMessage.objects.get(direction=CaseMessage.Direction.FROM_MUNICIPALITY)
        assert page.locator(f"[data-testid=message-{answer.pk}]").get_by_role("link", name="udkast.pdf").is_visible()
        assert_accessible(page, "the thread answered", rules=WCAG_22_AA)

        page.locator("[data-testid=workspace-nav]").get_by_role("link").nth(2).click()
        page.wait_for_url(f"**/forloeb/jeres/{aarhus.pk}/dokumenter/")
        assert_accessible(page, "no documents yet", rules=WCAG_22_AA)
        page.locator("input[name=kind][value=agreement]").check()
        page.locator("input[name=title]").fill("Samarbejdsaftale")
        page.locator("input[name=file]").set_input_files(
            [{"name": "aftale.pdf", "mimeType": "application/pdf", "buffer": PDF}])
        with page.expect_navigation():
            page.locator("form[enctype] button[type=submit]").click()
        document = CourseDocument.objects.get()
        assert page.locator(f"[data-testid=document-{document.pk}]").get_by_role(
            "link", name="Samarbejdsaftale", exact=True).is_visible()
        assert_accessible(page, "the documents", rules=WCAG_22_AA)

        page.goto(f"{live_server.url}/forloeb/jeres/{aarhus.pk}/dokumenter/{document.pk}/slet/")
        assert_accessible(page, "deleting a document", rules=WCAG_22_AA)
