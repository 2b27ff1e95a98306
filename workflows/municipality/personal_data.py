"""What "Jeres forløb" stores about a person (core.personal_data), registered by workflows/personal_data.py.

A person of a case is found by their account's address. Erasure deletes their person records and then their account,
which exists only for this (a member of staff's account is never one of them). What they sent in the case's tasks
(goals, self-assessments) is about the municipality and stays, without their name. The people of the person's cases
are those whose mail may be about them: an invitation names the contact person who sent it."""

from django.db import transaction
from django.utils import formats, timezone
from viewflow.workflow.models import Task

from core.personal_data import ANONYMISE, DELETE, PersonalDataSource, change, describe, register

from .. import permissions
from ..course.documents import CourseDocument
from ..registration.models import CaseMessage, MessageAttachment
from .models import CasePerson


def _case_pks(keys):
    return [int(key) for key in keys if str(key).isdigit()]


@register
class CasePeopleData(PersonalDataSource):
    label = "Kommunernes folk i Jeres forløb"
    covers = ["workflows.CasePerson.name"]

    def _people(self, email):
        return (CasePerson.objects.filter(user__email__iexact=email.strip())
                .select_related("user", "registration__municipality", "registration__cohort").order_by("pk"))

    def identify(self, email):
        return {person.name for person in self._people(email)}, ()

    def cases(self, email):
        return {str(person.registration_id) for person in self._people(email)}

    def addresses(self, person):
        return {other.user.email: str(other.registration) for other in CasePerson.objects.filter(
            registration_id__in=_case_pks(person.cases)).select_related("user", "registration__municipality",
                                                                        "registration__cohort")}

    def export(self, person):
        return [{"case": str(row.registration), "name": row.name, "email": row.user.email, "role": row.role,
                 "added": row.created_at.isoformat(),
                 "removed": row.removed_at.isoformat() if row.removed_at else None}
                for row in self._people(person.email)]

    def plan(self, person):
        return [change(row, DELETE, (), self._deleter(row.pk), record=describe(row, str(row.registration)),
                       case=str(row.registration), values=[row.name, row.user.email, row.role, row.removed_at])
                for row in self._people(person.email)]

    @staticmethod
    def _deleter(pk):
        def apply():
            with transaction.atomic():
                row = CasePerson.objects.select_related("user").filter(pk=pk).first()
                if row is None:
                    return
                user = row.user
                row.delete()
                if not user.case_people.exists() and not permissions.is_staff_member(user):
                    # The tasks they sent stay done, and what they sent stays (it is the municipality's): only the
                    # link to the account goes, or deleting the account would delete the tasks with it.
                    Task.objects.filter(owner=user).update(owner=None)
                    user.delete()
        return apply


@register
class ExchangeData(PersonalDataSource):
    """What a person of a case wrote and uploaded in it: their messages in the thread, the files attached to them,
    and the documents they uploaded (`municipality.exchange`), found by their account's address.

    Erasure keeps the messages, the files and the documents and takes the person off them: "written by" and
    "uploaded by" are left empty, so the thread and the documents page show no name (erasing the account would
    empty them as well; the plan says so first). Their name and address in the messages' text, the files' names
    and the documents' titles are replaced by the mentions sources (workflows/personal_data.py). Why keep the
    rest: a message or a document is the municipality's exchange with the agency about its course, written for the
    municipality and answered by the agency; the case needs it whole (the collaboration agreement, the question an
    answer answers), and the other people of the municipality read it too. A file's contents are not searched."""

    label = "Beskeder og dokumenter fra kommunernes folk"
    covers = []  # the authorship of the records, not text: their text is covered by the mentions sources

    @staticmethod
    def _records(email):
        messages = CaseMessage.objects.filter(author__email__iexact=email.strip(),
                                              direction=CaseMessage.Direction.FROM_MUNICIPALITY)
        attachments = MessageAttachment.objects.filter(uploaded_by__email__iexact=email.strip(),
                                                       message__direction=CaseMessage.Direction.FROM_MUNICIPALITY)
        documents = CourseDocument.objects.filter(uploaded_by__email__iexact=email.strip(),
                                                  source=CourseDocument.Source.MUNICIPALITY)
        return (messages.select_related("registration__municipality", "registration__cohort").order_by("pk"),
                attachments.select_related("message__registration__municipality", "message__registration__cohort")
                .order_by("pk"),
                documents.select_related("registration__municipality", "registration__cohort").order_by("pk"))

    def cases(self, email):
        messages, attachments, documents = self._records(email)
        return ({str(row.registration_id) for row in [*messages, *documents]}
                | {str(row.message.registration_id) for row in attachments})

    def export(self, person):
        messages, attachments, documents = self._records(person.email)
        return ([{"case": str(row.registration), "message": row.body, "sent": row.sent_at.isoformat()}
                 for row in messages]
                + [{"case": str(row.message.registration), "attachment": row.filename,
                    "uploaded": row.uploaded_at.isoformat()} for row in attachments]
                + [{"case": str(row.registration), "document": row.title, "file": row.filename,
                    "kind": row.kind, "uploaded": row.uploaded_at.isoformat()} for row in documents])

    def plan(self, person):
        messages, attachments, documents = self._records(person.email)
        return ([change(row, ANONYMISE, ["author"], self._unsign(CaseMessage, row.pk, "author"),
                        record=describe(row, formats.localize(timezone.localtime(row.sent_at))),
                        case=str(row.registration), values=[row.author_id]) for row in messages]
                + [change(row, ANONYMISE, ["uploaded_by"], self._unsign(MessageAttachment, row.pk, "uploaded_by"),
                          record=describe(row), case=str(row.message.registration), values=[row.uploaded_by_id])
                   for row in attachments]
                + [change(row, ANONYMISE, ["uploaded_by"], self._unsign(CourseDocument, row.pk, "uploaded_by"),
                          record=describe(row), case=str(row.registration), values=[row.uploaded_by_id])
                   for row in documents])

    @staticmethod
    def _unsign(model, pk, field):
        def apply():
            model.objects.filter(pk=pk).update(**{field: None})
        return apply
