"""The thread of "Jeres forløb": the municipality's people write to their lead adviser with attachments, the staff
write from the case page, each side is told by a notice that carries a link and never the text, and the files are
downloaded only by whoever may read the thread, every time. Also what an attacker tries: another case's ids, a
removed person's session, a staff account, an HTML page named .pdf, a file name with folders and control
characters."""

from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.test import Client
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from core import uploads
from core.models import OutboxMessage
from core.personal_data import ERASED, erase_person, export_person
from devtools.factories.core import UserFactory
from devtools.factories.workflows import CasePersonFactory
from tests.support.uploads import HTML_AS_PDF, PDF, SVG_AS_PNG, png, upload, with_private_media
from workflows.models import Registration
from workflows.municipality import exchange, services
from workflows.permissions import Role
from workflows.registration.models import CaseMessage, MessageAttachment

from .conftest import MID_COURSE, person, sign_in

pytestmark = pytest.mark.django_db

LATER = MID_COURSE + timedelta(hours=2)
MESSAGES_SOURCE = "Beskeder og dokumenter fra kommunernes folk"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    return with_private_media(settings, tmp_path)


def thread_url(registration):
    return f"/forloeb/jeres/{registration.pk}/beskeder/"


def attachment_url(registration, attachment):
    return f"{thread_url(registration)}bilag/{attachment.pk}/"


def write(client, registration, body="Hej Anne\n\nHer er vores aftale.", files=()):
    return client.post(thread_url(registration), {"body": body, "files": list(files)})


def errors(response):
    return response.context["form"].errors


@pytest.fixture
def signed_in(client, case):
    """Aarhus's contact person, signed in."""
    sign_in(client, case.aarhus.contact_email)
    case.contact = person(case.aarhus, case.aarhus.contact_email)
    return case


# --- Writing to the agency ------------------------------------------------------------------------------------------

def test_a_person_writes_with_attachments_and_the_lead_adviser_is_told_by_a_link_only(client, signed_in):
    case = signed_in
    response = write(client, case.aarhus, files=[upload("aftale.pdf"), upload("logo.png", png())])
    message = CaseMessage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{thread_url(case.aarhus)}#besked-{message.pk}"
    assert (message.registration, message.author, message.direction, message.subject, message.in_thread) == (
        case.aarhus, case.contact.user, CaseMessage.Direction.FROM_MUNICIPALITY, "", True)
    assert [(a.filename, a.content_type, a.size, a.uploaded_by) for a in message.attachments.all()] == [
        ("aftale.pdf", "application/pdf", len(PDF), case.contact.user),
        ("logo.png", "image/png", len(png()), case.contact.user)]

    notice = OutboxMessage.objects.get(template=exchange.MESSAGE_TO_AGENCY)
    assert notice.recipient == case.adviser.email
    assert f"/admin/sager/{case.aarhus.pk}/#tab-tidslinje" in notice.body_text
    assert "aftale" not in notice.body_text.lower() and "Hej Anne" not in notice.body_text
    assert case.contact.name in notice.body_text

    entry = ModelLogEntry.objects.get(action=exchange.MESSAGE_RECEIVED)
    assert (entry.user, entry.object_id, entry.data["registration"]) == (
        case.contact.user, str(message.pk), case.aarhus.pk)
    assert "Hej" not in str(entry.data) and "aftale" not in str(entry.data)


def test_a_case_without_a_lead_adviser_tells_the_coordinators(client, signed_in):
    case = signed_in
    other = UserFactory(username="cecilie", email="cecilie@styrelsen.example.dk", groups=[Role.COORDINATOR])
    Registration.objects.filter(pk=case.aarhus.pk).update(lead_adviser=None)
    write(client, case.aarhus)
    assert set(OutboxMessage.objects.filter(template=exchange.MESSAGE_TO_AGENCY).values_list(
        "recipient", flat=True)) == {case.coordinator.email, other.email}


@pytest.mark.parametrize("data, field", [
    ({"body": ""}, "body"),
    ({"body": "x" * 5001}, "body"),
])
def test_a_message_out_of_bounds_is_refused_with_the_input_kept(client, signed_in, data, field):
    response = client.post(thread_url(signed_in.aarhus), data)
    assert response.status_code == 400 and field in errors(response)
    assert data["body"][:100] in response.content.decode()
    assert not CaseMessage.objects.exists() and not MessageAttachment.objects.exists()


def test_a_refused_message_asks_for_its_files_again(client, signed_in):
    """Browsers do not send a chosen file again: the form says so beside the file field."""
    response = write(client, signed_in.aarhus, body="", files=[upload("aftale.pdf")])
    assert response.status_code == 400
    assert errors(response)["files"] == [_("Choose the files again: a file is not kept when the form has an error.")]
    assert not CaseMessage.objects.exists()


@pytest.mark.parametrize("name, content, code", [
    ("aftale.pdf", HTML_AS_PDF, "content_mismatch"),  # an HTML page named .pdf
    ("logo.png", SVG_AS_PNG, "content_mismatch"),  # an SVG with a script named .png
    ("side.html", HTML_AS_PDF, "type"),
    ("tegning.svg", SVG_AS_PNG, "type"),
    ("program.exe", b"MZ\x90\x00", "type"),
    ("tom.pdf", b"", "empty"),
])
def test_a_file_that_is_not_what_it_says_or_not_allowed_is_refused_and_the_text_kept(client, signed_in, media, name,
                                                                                      content, code):
    body = "Se vedhæftede"
    response = write(client, signed_in.aarhus, body=body, files=[upload(name, content)])
    assert response.status_code == 400
    assert [error.code for error in response.context["form"].errors.as_data()["files"]] == [code]
    assert body in response.content.decode()
    assert not CaseMessage.objects.exists() and not MessageAttachment.objects.exists()
    assert not any(Path(media).rglob("*.*"))  # nothing was stored


def test_too_many_or_too_large_files_are_refused(client, signed_in, monkeypatch):
    response = write(client, signed_in.aarhus, files=[upload(f"bilag{n}.pdf") for n in range(uploads.MAX_FILES + 1)])
    assert [error.code for error in response.context["form"].errors.as_data()["files"]] == ["too_many"]
    monkeypatch.setattr(uploads, "MAX_FILE_BYTES", len(PDF) + 10)
    response = write(client, signed_in.aarhus, files=[upload("stor.pdf", PDF + b" " * 20)])
    assert [error.code for error in response.context["form"].errors.as_data()["files"]] == ["too_large"]
    response = write(client, signed_in.aarhus, files=[upload("a.pdf"), upload("b.pdf")])
    assert [error.code for error in response.context["form"].errors.as_data()["files"]] == ["too_large"]
    assert not CaseMessage.objects.exists()


@pytest.mark.parametrize("sent, kept", [
    ("../../etc/aftale.pdf", "aftale.pdf"),
    ("C:\\Users\\mette\\Skrivebord\\aftale.pdf", "aftale.pdf"),
    ("af\u202etale.pdf", "aftale.pdf"),  # a right-to-left override
    ("af\x00ta\x07le.pdf", "aftale.pdf"),
    ("aftale\r\nX-Header: ja.pdf", "aftale X-Header_ ja.pdf"),
    ('"aftale"<2>.pdf', "_aftale__2_.pdf"),
    ("...aftale.pdf", "aftale.pdf"),
    ("x" * 300 + ".pdf", "x" * 146 + ".pdf"),
    (".pdf", "fil.pdf"),
])
def test_a_file_name_is_cleaned_of_folders_and_control_characters(sent, kept):
    assert uploads.clean_name(sent) == kept


def test_the_cleaned_name_is_the_one_kept_and_sent_back(client, signed_in):
    write(client, signed_in.aarhus, files=[upload("af\u202etale\x07.pdf")])
    attachment = MessageAttachment.objects.get()
    assert attachment.filename == "aftale.pdf"
    assert attachment.file.name.startswith("documents/private/messageattachment/")
    assert "aftale" not in attachment.file.name  # the name on disk tells nothing
    response = client.get(attachment_url(signed_in.aarhus, attachment))
    assert response["Content-Disposition"] == 'attachment; filename="aftale.pdf"'


# --- The thread -------------------------------------------------------------------------------------------------------

def test_the_thread_shows_both_directions_oldest_first_and_marks_what_is_new(client, signed_in):
    case = signed_in
    earlier = CaseMessage.objects.create(registration=case.aarhus, author=case.adviser, subject="Før tråden",
                                         body="Kun til kontaktpersonen", in_thread=False,
                                         direction=CaseMessage.Direction.TO_MUNICIPALITY)
    with time_machine.travel(MID_COURSE + timedelta(minutes=5), tick=False):
        first = exchange.write_to_municipality(case.aarhus, case.adviser, "Velkommen", "Første besked")
    with time_machine.travel(MID_COURSE + timedelta(minutes=10), tick=False):
        write(client, case.aarhus, body="Tak for beskeden")
    with time_machine.travel(MID_COURSE + timedelta(minutes=15), tick=False):
        page = client.get(thread_url(case.aarhus)).content.decode()
    answer = CaseMessage.objects.get(direction=CaseMessage.Direction.FROM_MUNICIPALITY)
    assert "Kun til kontaktpersonen" not in page and f"besked-{earlier.pk}" not in page
    assert page.index("Første besked") < page.index("Tak for beskeden")
    assert "Anne Rådgiver" in page and case.contact.name in page
    first_item = page[page.index(f'data-testid="message-{first.pk}"'):page.index(f'data-testid="message-{answer.pk}"')]
    assert 'data-testid="new"' in first_item
    with time_machine.travel(MID_COURSE + timedelta(minutes=20), tick=False):
        again = client.get(thread_url(case.aarhus)).content.decode()
    assert 'data-testid="new"' not in again
    assert f'href="/forloeb/jeres/{case.aarhus.pk}/beskeder/" aria-current="page"' in again  # the navigation


def test_a_staff_message_tells_every_current_person_with_a_link_and_not_the_text(client, signed_in):
    case = signed_in
    colleague = CasePersonFactory(registration=case.aarhus, email="mette@aarhus.example.dk", name="Mette Kollega",
                                  invited_by=case.contact)
    gone = CasePersonFactory(registration=case.aarhus, email="jens@aarhus.example.dk", invited_by=case.contact)
    services.remove(case.contact, gone)
    message = exchange.write_to_municipality(case.aarhus, case.adviser, "Workshop", "Husk workshoppen")
    notices = OutboxMessage.objects.filter(template=exchange.MESSAGE_TO_MUNICIPALITY)
    assert set(notices.values_list("recipient", flat=True)) == {case.aarhus.contact_email, colleague.email}
    for notice in notices:
        assert f"/forloeb/jeres/{case.aarhus.pk}/beskeder/" in notice.body_text
        assert "Husk workshoppen" not in notice.body_text and "Workshop" not in notice.subject
        assert notice.reply_to == case.adviser.email
    assert message.outbox_message.recipient == case.aarhus.contact_email


# --- Who reaches the files --------------------------------------------------------------------------------------------

@pytest.fixture
def attachment(client, signed_in):
    write(client, signed_in.aarhus, files=[upload("aftale.pdf")])
    return MessageAttachment.objects.get()


def test_an_attachment_is_downloaded_as_an_attachment_never_sniffed(client, signed_in, attachment):
    response = client.get(attachment_url(signed_in.aarhus, attachment))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_another_case_s_attachment_is_not_found(client, signed_in, attachment):
    """Odense's contact person, signed in, tries Aarhus's attachment at Aarhus's address and at their own."""
    case = signed_in
    other = Client()
    sign_in(other, case.odense.contact_email)
    assert other.get(attachment_url(case.aarhus, attachment)).status_code == 404
    assert other.get(attachment_url(case.odense, attachment)).status_code == 404
    assert other.get(thread_url(case.aarhus)).status_code == 404
    assert "Her er vores aftale" not in other.get(thread_url(case.odense)).content.decode()


def test_an_attachment_outside_the_thread_is_not_found(client, signed_in, attachment):
    CaseMessage.objects.filter(pk=attachment.message_id).update(in_thread=False)
    assert client.get(attachment_url(signed_in.aarhus, attachment)).status_code == 404


def test_a_removed_person_loses_the_thread_and_its_files_at_once(signed_in, attachment):
    case = signed_in
    colleague = CasePersonFactory(registration=case.aarhus, email="mette@aarhus.example.dk", invited_by=case.contact)
    session = Client()
    session.force_login(colleague.user)
    assert session.get(attachment_url(case.aarhus, attachment)).status_code == 200
    services.remove(case.contact, colleague)
    assert session.get(attachment_url(case.aarhus, attachment)).status_code == 404
    assert session.get(thread_url(case.aarhus)).status_code == 404
    assert session.post(thread_url(case.aarhus), {"body": "Stadig her?"}).status_code == 404
    assert CaseMessage.objects.count() == 1


def test_signed_out_a_link_to_the_thread_asks_to_sign_in(signed_in, attachment):
    anonymous = Client()
    for address in (thread_url(signed_in.aarhus), attachment_url(signed_in.aarhus, attachment)):
        response = anonymous.get(address)
        assert response.status_code == 302 and response["Location"] == "/forloeb/jeres/log-ind/"


def test_a_staff_account_reaches_nothing_of_the_municipality_s_side(signed_in, attachment):
    staff = Client()
    staff.force_login(signed_in.adviser)
    assert staff.get(thread_url(signed_in.aarhus)).status_code == 404
    assert staff.get(attachment_url(signed_in.aarhus, attachment)).status_code == 404


@pytest.mark.parametrize("who, status", [("adviser", 200), ("coordinator", 200), ("colleague", 200),
                                         ("partner", 404)])
def test_staff_download_an_attachment_only_with_need_to_know(signed_in, attachment, who, status):
    """Advisers and coordinators see every case's history; the competence partner of the very course does not."""
    case = signed_in
    users = {"adviser": case.adviser, "coordinator": case.coordinator,
             "colleague": UserFactory(username="bo2", groups=[Role.ADVISER]),
             "partner": UserFactory(username="kp", groups=[Role.PARTNER])}
    case.aarhus.course.competence_partner = users["partner"]
    case.aarhus.course.save()
    staff = Client()
    staff.force_login(users[who])
    response = staff.get(f"/admin/sager/{case.aarhus.pk}/bilag/{attachment.pk}/")
    assert response.status_code == status
    assert staff.get(f"/admin/sager/{case.odense.pk}/bilag/{attachment.pk}/").status_code == 404


def test_an_editor_gets_no_attachment(signed_in, attachment):
    editor = Client()
    editor.force_login(UserFactory(username="erik", groups=[Role.EDITOR]))
    response = editor.get(f"/admin/sager/{signed_in.aarhus.pk}/bilag/{attachment.pk}/")
    assert response.status_code == 302 and response["Location"] == "/admin/"


# --- The staff's side -------------------------------------------------------------------------------------------------

def test_the_case_page_shows_the_message_signed_by_its_writer_and_counts_it_new_for_the_lead_adviser(
        client, signed_in, attachment):
    case = signed_in
    staff = Client()
    staff.force_login(case.adviser)
    with time_machine.travel(LATER, tick=False):
        page = staff.get(f"/admin/sager/{case.aarhus.pk}/").content.decode()
    timeline = page[page.index('data-testid="timeline"'):]
    assert _("Message from the municipality") in timeline and case.contact.name in timeline
    assert f'href="/admin/sager/{case.aarhus.pk}/bilag/{attachment.pk}/"' in timeline
    assert 'data-testid="new-messages"' in page
    with time_machine.travel(LATER + timedelta(minutes=1), tick=False):
        assert 'data-testid="new-messages"' not in staff.get(f"/admin/sager/{case.aarhus.pk}/").content.decode()
    coordinator = Client()
    coordinator.force_login(case.coordinator)
    assert 'data-testid="new-messages"' not in coordinator.get(f"/admin/sager/{case.aarhus.pk}/").content.decode()


def test_the_lead_adviser_writes_with_an_attachment_from_the_case_page(signed_in):
    case = signed_in
    staff = Client()
    staff.force_login(case.adviser)
    response = staff.post(f"/admin/sager/{case.aarhus.pk}/skriv/", {
        "subject": "Dagsorden", "body": "Se dagsordenen", "files": [upload("dagsorden.pdf")]})
    assert response.status_code == 302
    message = CaseMessage.objects.get()
    assert [a.filename for a in message.attachments.all()] == ["dagsorden.pdf"]
    refused = staff.post(f"/admin/sager/{case.aarhus.pk}/skriv/", {
        "subject": "Dagsorden", "body": "Igen", "files": [upload("dagsorden.pdf", HTML_AS_PDF)]})
    assert refused.status_code == 200 and "files" in refused.context["form"].errors
    assert "Igen" in refused.content.decode() and CaseMessage.objects.count() == 1


# --- Personal data and deletion ---------------------------------------------------------------------------------------

def test_a_person_s_messages_and_files_are_exported_and_erasure_takes_their_name_off_them(client, signed_in):
    case = signed_in
    colleague = CasePersonFactory(registration=case.aarhus, email="mette@aarhus.example.dk", name="Mette Kollega",
                                  invited_by=case.contact)
    session = Client()
    session.force_login(colleague.user)
    write(session, case.aarhus, body="Hilsen Mette Kollega, mette@aarhus.example.dk",
          files=[upload("Mette Kollega CV.pdf")])
    exported = export_person("mette@aarhus.example.dk")[MESSAGES_SOURCE]
    assert {row.get("message") or row.get("attachment") for row in exported} == {
        "Hilsen Mette Kollega, mette@aarhus.example.dk", "Mette Kollega CV.pdf"}

    erase_person("mette@aarhus.example.dk")
    message, attachment = CaseMessage.objects.get(), MessageAttachment.objects.get()
    assert (message.author, attachment.uploaded_by) == (None, None)
    assert message.body == f"Hilsen {ERASED}, {ERASED}"
    assert attachment.filename == f"{ERASED} CV.pdf"
    assert default_storage.exists(attachment.file.name)  # the municipality's file stays with its case
    page = client.get(thread_url(case.aarhus)).content.decode()
    assert "Mette" not in page and f"Hilsen {ERASED}" in page


def test_deleting_the_case_deletes_its_files(signed_in, attachment, django_capture_on_commit_callbacks):
    name = attachment.file.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        Registration.objects.get(pk=signed_in.aarhus.pk).delete()
    assert not MessageAttachment.objects.exists() and not default_storage.exists(name)
