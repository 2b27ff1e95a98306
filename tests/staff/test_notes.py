"""Editing an internal note: its author alone corrects it, from the case's timeline and notes, within the note's
maximum; the case shows that and when it was edited, and the audit log who did it."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from tests.support.course import AUTUMN
from workflows.registration import services

pytestmark = pytest.mark.django_db

WRITTEN = AUTUMN + timedelta(days=1)
EDITED = AUTUMN + timedelta(days=2, hours=3, minutes=15)


@pytest.fixture
def note(two_cases):
    """Anne's note on Aarhus's case."""
    with time_machine.travel(WRITTEN, tick=False):
        return services.add_note(two_cases.aarhus, two_cases.adviser, "Ring til socialchefen i marts.")


def edit_url(note):
    return f"/admin/sager/{note.registration_id}/noter/{note.pk}/"


def edit(client, user, note, text):
    client.force_login(user)
    with time_machine.travel(EDITED, tick=False):
        return client.post(edit_url(note), {"text": text})


def unchanged(note):
    note.refresh_from_db()
    logged = ModelLogEntry.objects.filter(action=services.NOTE_EDITED).exists()
    return note.text == "Ring til socialchefen i marts." and note.edited_at is None and not logged


def test_the_author_edits_their_note_and_the_case_shows_when(client, two_cases, note):
    anne, case = two_cases.adviser, two_cases.aarhus
    client.force_login(anne)
    page = client.get(f"/admin/sager/{case.pk}/").content.decode()
    assert page.count(f'href="{edit_url(note)}"') == 2  # on the timeline and in the notes tab
    form = client.get(edit_url(note)).content.decode()
    assert "Ring til socialchefen i marts." in form
    response = edit(client, anne, note, "Ring til socialchefen i april.")
    assert response.status_code == 302 and response["Location"] == f"/admin/sager/{case.pk}/#tab-notes"
    note.refresh_from_db()
    assert (note.text, note.edited_at, note.created_at) == ("Ring til socialchefen i april.", EDITED, WRITTEN)
    page = client.get(f"/admin/sager/{case.pk}/").content.decode()
    with translation.override("da"):
        when = date_format(timezone.localtime(EDITED), "j. F Y \\k\\l. H:i")
    assert when == "3. september 2026 kl. 13:15"
    assert page.count(gettext("edited %(when)s") % {"when": when}) == 2
    assert "Ring til socialchefen i april." in page and "i marts" not in page
    entry = ModelLogEntry.objects.get(action=services.NOTE_EDITED)
    assert (entry.user, entry.object_id, entry.label) == (anne, str(note.pk), str(case))
    assert "socialchefen" not in str(entry.data)


def test_saving_the_same_text_is_no_edit(client, two_cases, note):
    edit(client, two_cases.adviser, note, "Ring til socialchefen i marts.")
    assert unchanged(note)


@pytest.mark.parametrize("who", ["colleague", "coordinator", "editor"])
def test_nobody_but_the_author_edits_a_note_a_coordinator_neither(client, two_cases, note, who):
    """A note is signed by its author: a colleague's correction would put words in their mouth; a coordinator
    writes a note of their own."""
    user = getattr(two_cases, who)
    client.force_login(user)
    if who != "editor":
        assert edit_url(note) not in client.get(f"/admin/sager/{two_cases.aarhus.pk}/").content.decode()
    for response in (client.get(edit_url(note)), edit(client, user, note, "Ændret af en anden.")):
        assert response.status_code == 302 and response["Location"] == "/admin/"  # Wagtail's "no permission"
    assert unchanged(note)


def test_a_note_is_edited_only_under_its_own_case(client, two_cases, note):
    client.force_login(two_cases.adviser)
    with time_machine.travel(EDITED, tick=False):
        response = client.post(f"/admin/sager/{two_cases.odense.pk}/noter/{note.pk}/", {"text": "Andet"})
    assert response.status_code == 404
    assert unchanged(note)


@pytest.mark.parametrize("text, error", [
    ("x" * 5001, "Denne værdi må højst have 5000 tegn (den har 5001)."),
    ("   ", "Dette felt er påkrævet."),
])
def test_an_edit_out_of_bounds_is_refused_in_danish_with_the_input_kept(client, two_cases, note, text, error):
    response = edit(client, two_cases.adviser, note, text)
    html = response.content.decode()
    assert response.status_code == 200 and error in html and text.strip() in html
    assert unchanged(note)


def test_opening_the_edit_form_changes_nothing(client, two_cases, note):
    client.force_login(two_cases.adviser)
    with time_machine.travel(EDITED, tick=False):
        response = client.get(edit_url(note), {"text": "Fra adressen"})
    assert response.status_code == 200 and "Fra adressen" not in response.content.decode()
    assert unchanged(note)
