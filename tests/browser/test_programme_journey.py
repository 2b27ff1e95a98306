"""The programme as people meet it, in headless Chromium: a municipality signs up for an information meeting,
registers, opens its status page from the email; an adviser signs in at the Wagtail login, takes the screening
task from the queue and accepts it on the task's screen with the answers beside it; the status page shows the new
state. Public pages are checked with axe-core."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from devtools.factories.core import UserFactory
from devtools.factories.workflows import CohortFactory, InformationMeetingFactory, ProgrammeFactory
from tests.support.browser import assert_accessible
from tests.support.programme import links_in, only_email_to
from workflows.permissions import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_register_follow_the_status_link_and_get_accepted(live_server, page, settings):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    programme = ProgrammeFactory()
    CohortFactory(programme=programme, label="Januar 2027")
    meeting = InformationMeetingFactory(programme=programme)
    UserFactory(username="rikke", first_name="Rikke", last_name="Vestergaard", email="rikke@styrelsen.example.dk",
                password="adviser-password-1", groups=[Role.ADVISER])

    # A consultant signs up for an information meeting.
    page.goto(f"{live_server.url}/forloeb/moeder/{meeting.pk}/tilmeld/")
    assert_accessible(page, page.url, rules=None)
    page.get_by_label("Dit navn").fill("Mette Hansen")
    page.get_by_label("E-mail").fill("mette@aarhus.example.dk")
    page.get_by_label("Kommune").select_option(label="Aarhus")
    page.get_by_label("Din rolle").fill("Konsulent")
    page.get_by_role("button", name="Tilmeld").click()
    assert page.get_by_role("heading", name="Du er tilmeldt").is_visible()
    assert meeting.meeting_url in only_email_to("mette@aarhus.example.dk").body
    # The receipt says what happens next and puts the meeting in her calendar.
    assert page.get_by_role("heading", name="Det sker der nu").is_visible()
    assert "Januar 2027" in page.locator("main").inner_text()  # the cohort to register for next
    with page.expect_download() as download:
        page.get_by_role("link", name="Tilføj til kalender").click()
    assert download.value.suggested_filename.endswith(".ics")
    assert b"BEGIN:VEVENT" in Path(download.value.path()).read_bytes()
    assert_accessible(page, "the meeting receipt", rules=None)

    # Her phone number is asked for in a field like the others (type=tel was once a small unstyled box).
    page.goto(f"{live_server.url}/forloeb/{programme.slug}/tilmelding/")
    width = page.get_by_label("Kontaktpersonens telefon").bounding_box()["width"]
    assert width == page.get_by_label("Kontaktpersonens e-mail").bounding_box()["width"]

    # She registers the municipality; a required answer left out is explained and nothing typed is lost.
    page.goto(f"{live_server.url}/forloeb/{programme.slug}/tilmelding/")
    assert_accessible(page, page.url, rules=None)
    page.get_by_label("Januar 2027").check()
    page.get_by_label("Kommune").select_option(label="Aarhus")
    page.get_by_label("Kontaktperson", exact=True).fill("Mette Hansen")
    page.get_by_label("Kontaktpersonens e-mail").fill("mette@aarhus.example.dk")
    page.get_by_label("Ansvarlig leder").fill("Lars Holm")
    page.get_by_label("Lederens titel").fill("Socialchef")
    page.get_by_label("Lederens e-mail").fill("lars@aarhus.example.dk")
    page.get_by_label("Vi har prøvet at arbejde med peers").check()
    page.get_by_label("Væresteder og aktivitetscentre").check()
    page.get_by_label("Motivation").fill("Vi vil gøre peers til en fast del af vores indsats.")
    page.get_by_role("button", name="Send tilmelding").click()
    assert page.get_by_role("alert").filter(has_text="Ret venligst følgende").is_visible()
    assert page.get_by_label("Motivation").input_value() == "Vi vil gøre peers til en fast del af vores indsats."
    page.get_by_label("Forventet antal deltagere").fill("12")
    page.get_by_label("Vi accepterer").check()
    page.get_by_role("button", name="Send tilmelding").click()
    assert page.get_by_role("heading", name="Tak for jeres tilmelding").is_visible()

    # The confirmation email's link opens the status page.
    confirmation = only_email_to("mette@aarhus.example.dk", subject="Vi har modtaget jeres tilmelding")
    status_link = next(link for link in links_in(confirmation.body) if "/forloeb/status/" in link)
    page.goto(status_link)
    assert page.get_by_test_id("status").inner_text() == "Afventer screening"
    assert_accessible(page, page.url, rules=None)

    # An adviser follows the link to the queue, signs in, takes the screening task and accepts.
    adviser_page = page.context.browser.new_context(locale="da-DK").new_page()
    adviser_page.goto(f"{live_server.url}/admin/opgaver/koe/")
    adviser_page.locator("input[name=username]").fill("rikke")
    adviser_page.locator("input[name=password]").fill("adviser-password-1")
    adviser_page.locator("form button[type=submit]").first.click()
    adviser_page.wait_for_url("**/admin/opgaver/koe/")
    row = adviser_page.locator("tbody tr").filter(has_text="Screen tilmelding")
    assert "Aarhus" in row.inner_text() and "Januar 2027" in row.inner_text()
    with adviser_page.expect_navigation():
        row.get_by_role("button", name="Tag", exact=True).click()
    assert "Opgaven er nu din." in adviser_page.locator(".messages").inner_text()
    adviser_page.goto(f"{live_server.url}/admin/opgaver/")
    adviser_page.get_by_role("link", name="Screen tilmelding").click()
    adviser_page.wait_for_url(re.compile(r".*/admin/opgaver/\d+/$"))
    adviser_page.get_by_role("button", name="Vis kommunens svar").click()
    expect(adviser_page.get_by_text("Vi vil gøre peers til en fast del af vores indsats.")).to_be_visible()
    adviser_page.get_by_label("Optaget").check()
    with adviser_page.expect_navigation():
        adviser_page.get_by_role("button", name="Udfør opgaven").click()
    assert "Du udførte »Screen tilmelding«" in adviser_page.locator(".messages").inner_text()

    # The municipality's status page shows the decision, and the acceptance email is on its way.
    page.reload()
    assert page.get_by_test_id("status").inner_text() == "Optaget"
    assert page.get_by_role("link", name="rikke@styrelsen.example.dk").is_visible()  # the lead adviser's contact
    assert only_email_to("mette@aarhus.example.dk", subject="Jeres kommune er optaget i rådgivningsforløbet")
    adviser_page.context.close()
