"""The course's documents: the agency shares with one municipality or (coordinators) a whole cohort, the
municipality uploads its own; both sides see them, are told by a notice with a link (never the document), and find
them on the case's timeline and in the audit log. Who deletes which, another case's ids, a removed person, the
files leaving the storage, and the personal-data registry."""

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from core.models import OutboxMessage
from core.personal_data import ERASED, erase_person, export_person
from devtools.factories.core import UserFactory
from devtools.factories.workflows import CasePersonFactory
from tests.support.course import accepted_registration
from tests.support.uploads import HTML_AS_PDF, PDF, upload, with_private_media
from workflows.course.documents import CourseDocument
from workflows.municipality import exchange, services
from workflows.permissions import Role

from .conftest import person, sign_in

pytestmark = pytest.mark.django_db

AGREEMENT = {"kind": "agreement", "title": "Samarbejdsaftale 2027"}
MESSAGES_SOURCE = "Beskeder og dokumenter fra kommunernes folk"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    return with_private_media(settings, tmp_path)


def documents_url(registration):
    return f"/forloeb/jeres/{registration.pk}/dokumenter/"


def document_url(registration, document):
    return f"{documents_url(registration)}{document.pk}/"


def case_url(registration):
    return f"/admin/sager/{registration.pk}/"


def staff_client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def signed_in(client, case):
    sign_in(client, case.aarhus.contact_email)
    case.contact = person(case.aarhus, case.aarhus.contact_email)
    return case


def upload_agreement(client, registration, name="aftale.pdf", content=PDF, **data):
    return client.post(documents_url(registration), {**AGREEMENT, **data, "file": upload(name, content)})


def share(user, registration, **data):
    return staff_client(user).post(f"{case_url(registration)}dokumenter/del/", {
        "title": "Dagsorden workshop 1", "description": "Til ledelsen", "file": upload("dagsorden.pdf"), **data})


# --- The municipality uploads -----------------------------------------------------------------------------------------

def test_a_person_uploads_the_collaboration_agreement_and_the_agency_is_told_by_a_link(client, signed_in):
    case = signed_in
    response = upload_agreement(client, case.aarhus)
    assert response.status_code == 302 and response["Location"] == documents_url(case.aarhus)
    document = CourseDocument.objects.get()
    assert (document.registration, document.cohort, document.source, document.kind, document.title,
            document.filename, document.uploaded_by) == (
        case.aarhus, None, CourseDocument.Source.MUNICIPALITY, "agreement", AGREEMENT["title"], "aftale.pdf",
        case.contact.user)
    notice = OutboxMessage.objects.get(template=exchange.DOCUMENT_TO_AGENCY)
    assert notice.recipient == case.adviser.email
    assert f"{case_url(case.aarhus)}#tab-documents" in notice.body_text
    assert AGREEMENT["title"] not in notice.body_text and "aftale.pdf" not in notice.body_text
    entry = ModelLogEntry.objects.get(action=exchange.DOCUMENT_UPLOADED)
    assert (entry.user, entry.object_id) == (case.contact.user, str(document.pk))
    assert AGREEMENT["title"] not in str(entry.data)

    page = client.get(documents_url(case.aarhus)).content.decode()
    uploaded = page[page.index('data-testid="uploaded-documents"'):]
    assert AGREEMENT["title"] in uploaded and case.contact.name in uploaded
    staff_page = staff_client(case.adviser).get(case_url(case.aarhus)).content.decode()
    assert f'data-testid="case-document-{document.pk}"' in staff_page
    timeline = staff_page[staff_page.index('data-testid="timeline"'):]
    assert AGREEMENT["title"] in timeline and f"/admin/sager/{case.aarhus.pk}/dokumenter/{document.pk}/" in timeline


def test_an_html_page_named_pdf_is_refused_with_the_title_kept(client, signed_in, media):
    response = upload_agreement(client, signed_in.aarhus, content=HTML_AS_PDF)
    assert response.status_code == 400
    assert [e.code for e in response.context["form"].errors.as_data()["file"]] == ["content_mismatch"]
    assert AGREEMENT["title"] in response.content.decode()
    assert not CourseDocument.objects.exists() and not any(media.rglob("*.*"))


def test_a_missing_title_keeps_the_rest_and_asks_for_the_file_again(client, signed_in):
    response = upload_agreement(client, signed_in.aarhus, title="")
    errors = response.context["form"].errors
    assert response.status_code == 400 and "title" in errors
    assert errors["file"] == [_("Choose the files again: a file is not kept when the form has an error.")]
    assert response.context["form"]["kind"].value() == "agreement"


def test_the_uploader_and_the_contact_person_delete_an_upload_and_its_file_goes(
        client, signed_in, django_capture_on_commit_callbacks):
    case = signed_in
    colleague = CasePersonFactory(registration=case.aarhus, email="mette@aarhus.example.dk", invited_by=case.contact)
    session = staff_client(colleague.user)  # a plain account: force_login signs a person in as well
    upload_agreement(client, case.aarhus)  # the contact person's
    upload_agreement(session, case.aarhus, kind="job_description", title="Stillingsbeskrivelse")  # the colleague's
    contacts, colleagues = CourseDocument.objects.order_by("pk")
    assert session.get(f"{document_url(case.aarhus, contacts)}slet/").status_code == 404  # not hers
    assert session.post(f"{document_url(case.aarhus, contacts)}slet/").status_code == 404
    name = colleagues.file.name
    assert client.get(f"{document_url(case.aarhus, colleagues)}slet/").status_code == 200  # a confirmation
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{document_url(case.aarhus, colleagues)}slet/").status_code == 302
    assert list(CourseDocument.objects.all()) == [contacts] and not default_storage.exists(name)
    entry = ModelLogEntry.objects.get(action=exchange.DOCUMENT_DELETED)
    assert (entry.user, entry.data["registration"]) == (case.contact.user, case.aarhus.pk)
    timeline = staff_client(case.adviser).get(case_url(case.aarhus)).content.decode()
    assert _("Document deleted") in timeline


# --- The agency shares ------------------------------------------------------------------------------------------------

def test_the_lead_adviser_shares_with_the_municipality_whose_people_are_told_by_a_link(client, signed_in):
    case = signed_in
    response = share(case.adviser, case.aarhus, cohort="cohort")  # not theirs to choose: shared with the case
    assert response.status_code == 302 and response["Location"] == f"{case_url(case.aarhus)}#tab-documents"
    document = CourseDocument.objects.get()
    assert (document.registration, document.cohort, document.source, document.uploaded_by, document.kind) == (
        case.aarhus, None, CourseDocument.Source.AGENCY, case.adviser, "")
    notice = OutboxMessage.objects.get(template=exchange.DOCUMENT_TO_MUNICIPALITY)
    assert notice.recipient == case.aarhus.contact_email
    assert documents_url(case.aarhus) in notice.body_text and "Dagsorden" not in notice.body_text
    assert ModelLogEntry.objects.filter(action=exchange.DOCUMENT_SHARED, user=case.adviser).exists()
    page = client.get(documents_url(case.aarhus)).content.decode()
    shared = page[page.index('data-testid="shared-documents"'):page.index(_("Uploaded by you"))]
    assert "Dagsorden workshop 1" in shared and "Anne Rådgiver" in shared and "Til ledelsen" in shared
    response = client.get(document_url(case.aarhus, document))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="dagsorden.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_coordinator_shares_with_the_cohort_and_every_municipality_in_the_course_sees_it(client, signed_in):
    case = signed_in
    other_cohort = accepted_registration("vejle", adviser=case.adviser)
    assert share(case.coordinator, case.aarhus, cohort="cohort").status_code == 302
    document = CourseDocument.objects.get()
    assert (document.registration, document.cohort) == (None, case.aarhus.cohort)
    assert set(OutboxMessage.objects.filter(template=exchange.DOCUMENT_TO_MUNICIPALITY).values_list(
        "recipient", flat=True)) == {case.aarhus.contact_email, case.odense.contact_email}
    odense = Client()
    sign_in(odense, case.odense.contact_email)
    assert odense.get(document_url(case.odense, document)).status_code == 200
    assert odense.get(document_url(case.aarhus, document)).status_code == 404  # Aarhus's address is not theirs
    vejle = Client()
    sign_in(vejle, other_cohort.contact_email)
    assert vejle.get(document_url(other_cohort, document)).status_code == 404  # another cohort
    assert "Dagsorden workshop 1" not in vejle.get(documents_url(other_cohort)).content.decode()


def test_an_adviser_who_does_not_lead_the_case_may_not_share(signed_in):
    colleague = UserFactory(username="bo2", groups=[Role.ADVISER])
    response = share(colleague, signed_in.aarhus)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not CourseDocument.objects.exists()


def test_staff_delete_their_own_shares_and_coordinators_any_but_not_the_municipality_s(signed_in):
    case = signed_in
    share(case.adviser, case.aarhus)
    document = CourseDocument.objects.get()
    colleague = staff_client(UserFactory(username="bo2", groups=[Role.ADVISER]))
    assert colleague.post(f"{case_url(case.aarhus)}dokumenter/{document.pk}/slet/")["Location"] == "/admin/"
    coordinator = staff_client(case.coordinator)
    assert coordinator.post(f"{case_url(case.aarhus)}dokumenter/{document.pk}/slet/").status_code == 302
    assert not CourseDocument.objects.exists()
    upload_agreement(staff_client(case.contact.user), case.aarhus)
    upload = CourseDocument.objects.get()
    assert coordinator.post(f"{case_url(case.aarhus)}dokumenter/{upload.pk}/slet/")["Location"] == "/admin/"
    assert CourseDocument.objects.exists()


# --- Who reaches the documents ----------------------------------------------------------------------------------------

def test_another_case_s_document_is_not_found_anywhere(client, signed_in):
    case = signed_in
    upload_agreement(client, case.aarhus)
    document = CourseDocument.objects.get()
    odense = Client()
    sign_in(odense, case.odense.contact_email)
    for address in (document_url(case.odense, document), f"{document_url(case.odense, document)}slet/",
                    document_url(case.aarhus, document), documents_url(case.aarhus)):
        assert odense.get(address).status_code == 404, address
    assert odense.post(f"{document_url(case.odense, document)}slet/").status_code == 404
    assert CourseDocument.objects.exists()
    staff = staff_client(case.adviser)
    assert staff.get(f"{case_url(case.odense)}dokumenter/{document.pk}/").status_code == 404
    assert staff.get(f"{case_url(case.aarhus)}dokumenter/{document.pk}/").status_code == 200


def test_a_removed_person_loses_the_documents_at_once(signed_in):
    case = signed_in
    colleague = CasePersonFactory(registration=case.aarhus, email="mette@aarhus.example.dk", invited_by=case.contact)
    session = staff_client(colleague.user)
    upload_agreement(session, case.aarhus)
    document = CourseDocument.objects.get()
    services.remove(case.contact, colleague)
    assert session.get(document_url(case.aarhus, document)).status_code == 404
    assert session.get(documents_url(case.aarhus)).status_code == 404
    assert upload_agreement(session, case.aarhus).status_code == 404
    assert CourseDocument.objects.count() == 1


def test_the_competence_partner_gets_no_document(signed_in):
    case = signed_in
    share(case.adviser, case.aarhus)
    partner = UserFactory(username="kp", groups=[Role.PARTNER])
    case.aarhus.course.competence_partner = partner
    case.aarhus.course.save()
    document = CourseDocument.objects.get()
    assert staff_client(partner).get(f"{case_url(case.aarhus)}dokumenter/{document.pk}/").status_code == 404


# --- Personal data ----------------------------------------------------------------------------------------------------

def test_erasing_a_person_keeps_their_documents_without_their_name(client, signed_in):
    case = signed_in
    colleague = CasePersonFactory(registration=case.aarhus, email="mette@aarhus.example.dk", name="Mette Kollega",
                                  invited_by=case.contact)
    upload_agreement(staff_client(colleague.user), case.aarhus, kind="job_description",
                     title="Stillingsbeskrivelse til Mette Kollega")
    exported = export_person("mette@aarhus.example.dk")[MESSAGES_SOURCE]
    assert [row["document"] for row in exported] == ["Stillingsbeskrivelse til Mette Kollega"]
    erase_person("mette@aarhus.example.dk")
    document = CourseDocument.objects.get()
    assert document.uploaded_by is None and document.title == f"Stillingsbeskrivelse til {ERASED}"
    assert default_storage.exists(document.file.name)
    assert "Mette" not in client.get(documents_url(case.aarhus)).content.decode()
