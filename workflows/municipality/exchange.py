"""The case's thread and documents, between the municipality's people ("Jeres forløb") and the agency (the case
page): each message and document is kept on the case, written in the audit log, and told to the other side.

The telling is a notice by email that says only that there is something new and where to read it: the text and the
files stay on the platform, behind sign-in (an email is forwarded, read on phones and kept where the platform cannot
erase it). The municipality's side is its current people (`CasePerson.objects.current`) and any contact person who
has not signed in yet, whom the notice tells how to; the agency's side is the case's lead adviser, or the
coordinators while it has none. A message from the staff is answered to its writer (Reply-To), should anyone answer
the notice by email.

The audit log names the case, the record and who acted, never the text or a file's name (erasing a person leaves
the audit log as it is). The case's timeline reads the records themselves (`staff.timeline`)."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log

from core.email import send_email
from core.links import absolute
from core.personal_data import ERASED_EMAIL

from .. import permissions
from ..course.documents import CourseDocument, cohort_cases
from ..registration.models import CaseMessage, MessageAttachment, ThreadVisit
from ..registration.notifications import message_reply_to
from . import links
from .models import CasePerson

Direction = CaseMessage.Direction

# The audit log's actions (registered in `workflows.wagtail_hooks`).
MESSAGE_SENT = "workflows.case_message_sent"  # by the staff, to the municipality
MESSAGE_RECEIVED = "workflows.case_message_received"  # from one of the municipality's people
DOCUMENT_SHARED = "workflows.course_document_shared"
DOCUMENT_UPLOADED = "workflows.course_document_uploaded"
DOCUMENT_DELETED = "workflows.course_document_deleted"

# The notices' email templates (templates/email/).
MESSAGE_TO_MUNICIPALITY = "case_message"
MESSAGE_TO_AGENCY = "municipality_message"
DOCUMENT_TO_MUNICIPALITY = "document_shared"
DOCUMENT_TO_AGENCY = "document_uploaded"
NOTICES = (MESSAGE_TO_MUNICIPALITY, MESSAGE_TO_AGENCY, DOCUMENT_TO_MUNICIPALITY, DOCUMENT_TO_AGENCY)


class NoAddress(Exception):
    """The case's contact person has been erased: there is nobody to write to."""


# --- The thread ---------------------------------------------------------------------------------------------------

def write_to_municipality(registration, author, subject, body, files=()):
    """A message from the staff (`permissions.may_write_to_municipality`) with its attachments (`files`, checked by
    `core.uploads`); the municipality's people are told. An anonymised case raises `NoAddress`."""
    if registration.is_anonymised:
        raise NoAddress
    with transaction.atomic():
        message = _message(registration, author, Direction.TO_MUNICIPALITY, body, files, subject=subject)
        message.outbox_message = _tell_municipality(
            registration, MESSAGE_TO_MUNICIPALITY, thread_url(registration),
            reply_to=message_reply_to(author, registration), context={"author_name": _staff_name(author)})
        message.save(update_fields=["outbox_message"])
        log(message, MESSAGE_SENT, user=author, title=str(registration), data={
            "registration": registration.pk, "attachments": len(files),
            "email": message.outbox_message_id})
    return message


def write_to_agency(person, body, files=()):
    """A message from one of the municipality's people, with its attachments; the agency is told."""
    registration = person.registration
    with transaction.atomic():
        message = _message(registration, person.user, Direction.FROM_MUNICIPALITY, body, files)
        _tell_agency(registration, MESSAGE_TO_AGENCY, "tidslinje", person)
        log(message, MESSAGE_RECEIVED, user=person.user, title=str(registration), data={
            "registration": registration.pk, "by": person.pk, "attachments": len(files)})
    return message


def _message(registration, author, direction, body, files, subject=""):
    message = CaseMessage.objects.create(registration=registration, author=author, direction=direction,
                                         subject=subject, body=body)
    for upload in files:
        MessageAttachment(message=message).take(upload, author).save()
    return message


def thread(registration):
    """The case's thread, oldest first, each message with its attachments and `writer`: the municipality's person
    by the name they have on the case, or the member of staff. A writer since erased has no name."""
    names = dict(registration.people.values_list("user_id", "name"))
    messages = list(registration.messages.filter(in_thread=True).select_related("author")
                    .prefetch_related("attachments").order_by("sent_at", "pk"))
    for message in messages:
        message.writer = (names.get(message.author_id, "") if message.direction == Direction.FROM_MUNICIPALITY
                          else _staff_name(message.author))
    return messages


def last_seen(registration, user):
    """When `user` last read the case's thread (None: never)."""
    return ThreadVisit.objects.filter(registration=registration, user=user).values_list("seen_at", flat=True).first()


def seen(registration, user):
    """`user` has read the thread as it is now."""
    ThreadVisit.objects.update_or_create(registration=registration, user=user,
                                         defaults={"seen_at": timezone.now()})


def new_from_municipality(registration, user):
    """How many messages the municipality wrote since `user` last read the case."""
    since = last_seen(registration, user)
    messages = registration.messages.filter(direction=Direction.FROM_MUNICIPALITY)
    return (messages.filter(sent_at__gt=since) if since else messages).count()


def thread_url(registration):
    return absolute(reverse("workflows:municipality_messages", args=[registration.pk]))


# --- Documents ----------------------------------------------------------------------------------------------------

def share_document(by, title, description, upload, *, registration=None, cohort=None):
    """The agency shares a document with one municipality (`registration`) or with a whole cohort (`permissions.
    may_share_document`); the people of each case it reaches are told."""
    with transaction.atomic():
        document = CourseDocument(registration=registration, cohort=cohort, source=CourseDocument.Source.AGENCY,
                                  title=title, description=description).take(upload, by)
        document.save()
        cases = [registration] if registration else list(
            cohort_cases(cohort.pk).select_related("municipality", "programme", "cohort"))
        for case in cases:
            _tell_municipality(case, DOCUMENT_TO_MUNICIPALITY, documents_url(case), reply_to=message_reply_to(
                by, case), context={"author_name": _staff_name(by)})
        log(document, DOCUMENT_SHARED, user=by, title=str(registration or cohort), data={
            "registration": getattr(registration, "pk", None), "cohort": getattr(cohort, "pk", None)})
    return document


def upload_document(person, kind, title, upload):
    """One of the municipality's people uploads a document to its case; the agency is told."""
    registration = person.registration
    with transaction.atomic():
        document = CourseDocument(registration=registration, source=CourseDocument.Source.MUNICIPALITY, kind=kind,
                                  title=title).take(upload, person.user)
        document.save()
        _tell_agency(registration, DOCUMENT_TO_AGENCY, "documents", person, {"document": document})
        log(document, DOCUMENT_UPLOADED, user=person.user, title=str(registration),
            data={"registration": registration.pk, "by": person.pk})
    return document


def delete_document(document, user):
    """Delete a document (`permissions.may_delete_upload`, `may_delete_shared_document`); its file leaves the
    storage once the deletion is committed (`core.uploads.delete_file`)."""
    with transaction.atomic():
        log(document, DOCUMENT_DELETED, user=user, title=str(document.registration or document.cohort),
            data={"registration": document.registration_id, "cohort": document.cohort_id})
        document.delete()


def documents(registration):
    """The case's documents and its cohort's (`CourseDocument.objects.for_case`), newest first, each with `who`:
    the municipality's person by their name on the case, or the member of staff."""
    names = dict(registration.people.values_list("user_id", "name"))
    found = list(CourseDocument.objects.for_case(registration).select_related("uploaded_by", "cohort"))
    for document in found:
        document.who = (names.get(document.uploaded_by_id, "") if document.from_municipality
                        else _staff_name(document.uploaded_by))
    return found


def documents_url(registration):
    return absolute(reverse("workflows:municipality_documents", args=[registration.pk]))


# --- The notices --------------------------------------------------------------------------------------------------

def _staff_name(user):
    return (user.get_full_name() or user.get_username()) if user else ""


def municipality_addresses(registration):
    """{address: (name, signed in)} of the municipality's side of the case: its current people, and the contact
    persons the registration names who have no person record yet (they have never signed in). A person removed from
    the case is neither."""
    people = CasePerson.objects.current().filter(registration=registration).select_related("user")
    found = {person.user.email.lower(): (person.name, True) for person in people}
    known = {email.lower() for email in registration.people.values_list("user__email", flat=True)}
    for name, email in ((registration.contact_name, registration.contact_email),
                        (registration.second_contact_name or registration.contact_name,
                         registration.second_contact_email)):
        if email and email.lower() not in known and email.lower() != ERASED_EMAIL:
            found.setdefault(email.lower(), (name, False))
    return found


def _tell_municipality(registration, template, url, *, reply_to, context):
    """Send the notice to the municipality's side; returns the one to the contact person (or the first), which the
    timeline shows as the message's delivery."""
    sent = None
    for email, (name, signed_in) in municipality_addresses(registration).items():
        notice = send_email(to=email, template=template, reply_to=reply_to, context={
            **context, "registration": registration, "name": name, "url": url, "signed_in": signed_in,
            "sign_in_page": links.sign_in_page_url()})
        if sent is None or email == registration.contact_email.lower():
            sent = notice
    return sent


def agency_recipients(registration):
    """Who at the agency is told: the case's lead adviser, or the coordinators while it has none."""
    adviser = registration.lead_adviser
    if adviser is not None and adviser.is_active and adviser.email:
        return [adviser]
    return list(permissions.users_with(permissions.COORDINATE).exclude(email="").order_by("pk"))


def _tell_agency(registration, template, tab, person, context=None):
    url = absolute(reverse("staff_case", args=[registration.pk])) + f"#tab-{tab}"
    for user in agency_recipients(registration):
        send_email(to=user.email, template=template, context={
            **(context or {}), "registration": registration, "person": person, "url": url,
            "recipient": _staff_name(user)})
