"""What happened on a case and what comes next: the timeline of the case page and the task screen's history panel,
and the dates ahead. A constant number of queries whatever the case's length."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS
from wagtail.models import ModelLogEntry

from core.models import OutboxMessage

from ..course.documents import CourseDocument
from ..course.models import Workshop
from ..municipality import exchange
from ..municipality.models import CasePerson
from ..municipality.services import FIRST_SIGN_IN
from ..registration.models import CaseMessage
from ..steps.models import TaskStandIn
from ..steps.stand_in import stand_in_of


@dataclass(frozen=True)
class Event:
    when: datetime
    what: str
    kind: str  # "registration", "step", "cancelled", "guidance", "note", "message", "document", "person", "email"
    who: str = ""
    detail: str = ""
    status: str = ""  # an email's delivery status
    edited: datetime | None = None  # a note corrected by its author
    record: object = None  # the note or message shown, for what may be done with it


def _name(user):
    return (user.get_full_name() or user.get_username()) if user else ""


def _midnight(day):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def case_tasks(registration):
    return Task.objects.filter(process__registrationprocess__registration=registration).select_related(
        "owner", "deadline", "process", "stand_in__by"
    )


def emails(registration):
    """The emails sent to the people the case names, newest first, with their delivery status; those that carry a
    message written on the case, or tell of one or of a document (`exchange.NOTICES`), are shown as that message or
    document (`_message_events`, `_document_events`)."""
    addresses = {registration.contact_email, registration.second_contact_email, registration.manager_email} - {""}
    return OutboxMessage.objects.filter(recipient__in=addresses, case_messages=None).exclude(
        template__in=exchange.NOTICES).order_by("-created_at")


def _newest(queryset, field, limit):
    return queryset.order_by(f"-{field}")[:limit] if limit else queryset


def _step_events(registration, limit=None):
    tasks = case_tasks(registration)
    # Human steps only: a cancelled timer (the screening reminder, once screened) is machinery, not an event of the
    # case, and has no title but its node's English name ("Screen Timeout").
    done = _newest(tasks.filter(finished__isnull=False, flow_task_type="HUMAN") | tasks.filter(
        status=STATUS.CANCELED, flow_task_type="HUMAN"), "finished", limit)
    outcomes = {workshop.pk: workshop for workshop in Workshop.objects.filter(course__registration=registration)}
    people = None  # the names of the municipality's people, read once if one of their tasks is among the events
    events = []
    for task in done:
        what = task.flow_task.task_title or str(task.flow_task)
        if task.status == STATUS.CANCELED:
            events.append(Event(task.finished, _("%(step)s (cancelled)") % {"step": what}, "cancelled"))
            continue
        helped = stand_in_of(task) if getattr(task.flow_task, "by_municipality", False) else None
        if helped is not None and helped.kind == TaskStandIn.Kind.WENT_ON:
            events.append(Event(task.finished, _("%(step)s: went on without the municipality's answer") % {
                "step": what}, "cancelled", helped.by_name, _("Reason: %(reason)s") % {"reason": helped.reason}))
            continue
        if helped is not None:
            events.append(Event(task.finished, _("%(step)s, filled in by %(name)s for the municipality") % {
                "step": what, "name": helped.by_name}, "step", helped.by_name))
            continue
        if getattr(task.flow_task, "by_municipality", False):
            if people is None:
                people = dict(registration.people.values_list("user_id", "name"))
            name = people.get(task.owner_id)
            events.append(Event(task.finished, _("%(step)s, sent by %(name)s") % {"step": what, "name": name}
                                if name else _("%(step)s, sent by the municipality") % {"step": what}, "step"))
            continue
        detail = ""
        workshop = outcomes.get(task.process.artifact_object_id) if task.flow_task.name == "record_outcome" else None
        if workshop is not None:
            detail = _("%(audience)s workshop: %(attendance)s present. Agreed actions: %(actions)s") % {
                "audience": workshop.get_audience_display(), "attendance": workshop.attendance,
                "actions": workshop.agreed_actions}
        events.append(Event(task.finished, what, "step", _name(task.owner), detail))
    return events


def _message_events(registration, limit=None):
    """The messages both ways, with their attachments; a message from the municipality is signed with its writer's
    name on the case (`exchange.thread` does the same for the thread)."""
    titles = {CaseMessage.Direction.TO_MUNICIPALITY: (_("Message to the municipality: %(subject)s"),
                                                      _("Message to the municipality")),
              CaseMessage.Direction.FROM_MUNICIPALITY: (_("Message from the municipality: %(subject)s"),
                                                        _("Message from the municipality"))}
    names = dict(registration.people.values_list("user_id", "name"))
    messages = _newest(registration.messages.select_related("author", "outbox_message").prefetch_related(
        "attachments"), "sent_at", limit)
    return [Event(message.sent_at, titles[message.direction][0] % {"subject": message.subject} if message.subject
                  else titles[message.direction][1], "message",
                  names.get(message.author_id, "") if message.direction == CaseMessage.Direction.FROM_MUNICIPALITY
                  else _name(message.author), message.body, record=message,
                  status=message.outbox_message.get_status_display() if message.outbox_message else "")
            for message in messages]


def _document_events(registration, limit=None):
    """Documents shared with the municipality (or its cohort) and uploaded by it, and those since deleted, read
    from the audit log (`exchange.DOCUMENT_DELETED`: who and when, not what)."""
    names = dict(registration.people.values_list("user_id", "name"))
    documents = _newest(CourseDocument.objects.for_case(registration).select_related("uploaded_by"), "uploaded_at",
                        limit)
    events = []
    for document in documents:
        if document.from_municipality:
            what = _("Document from the municipality (%(kind)s): %(title)s") % {
                "kind": document.get_kind_display().lower(), "title": document.title}
            who = names.get(document.uploaded_by_id, "")
        else:
            what = (_("Document shared with cohort %(cohort)s: %(title)s") if document.cohort_id
                    else _("Document shared with the municipality: %(title)s")) % {
                "cohort": registration.cohort, "title": document.title}
            who = _name(document.uploaded_by)
        events.append(Event(document.uploaded_at, what, "document", who, document.description, record=document))
    deleted = _newest(ModelLogEntry.objects.filter(action=exchange.DOCUMENT_DELETED,
                                                   data__registration=registration.pk).select_related("user"),
                      "timestamp", limit)
    events += [Event(entry.timestamp, _("Document deleted"), "document", names.get(entry.user_id) or _name(entry.user))
               for entry in deleted]
    return events


def _people_events(registration, limit=None):
    """Colleagues invited and people removed, read from the people's own records (`CasePerson`: `created_at` and
    `invited_by`, `removed_at` and `removed_by`), and their first sign-ins; a person taken back after a removal shows
    their latest invitation.
    Whoever invited or removed is left out when their own record has since been erased."""
    people = registration.people.all()
    invited = _newest(people.filter(role=CasePerson.Role.COLLEAGUE).select_related("invited_by"), "created_at", limit)
    removed = _newest(people.exclude(removed_at=None).select_related("removed_by"), "removed_at", limit)
    events = []
    for person in invited:
        by = person.invited_by
        what = (_("Colleague invited: %(name)s (by %(by)s)") % {"name": person.name, "by": by.name} if by
                else _("Colleague invited: %(name)s") % {"name": person.name})
        events.append(Event(person.created_at, what, "person"))
    for person in removed:
        by = person.removed_by
        what = (_("Removed from the course: %(name)s (by %(by)s)") % {"name": person.name, "by": by.name} if by
                else _("Removed from the course: %(name)s") % {"name": person.name})
        events.append(Event(person.removed_at, what, "person"))
    # First sign-ins, from the audit log (`municipality.services.note_first_sign_in`); a person since erased is
    # no longer named.
    names = dict(people.values_list("pk", "name"))
    for entry in _newest(ModelLogEntry.objects.filter(action=FIRST_SIGN_IN, data__registration=registration.pk),
                         "timestamp", limit):
        name = names.get(int(entry.object_id)) if entry.object_id.isdigit() else None
        events.append(Event(entry.timestamp, _("%(name)s signed in for the first time") % {"name": name} if name
                            else _("A person of the municipality signed in for the first time"), "person"))
    return events


def timeline(registration, limit=None):
    """Everything that happened on the case, newest first: registration, finished and cancelled steps, guidance
    sessions, notes, messages to and from the municipality, documents shared and uploaded, the municipality's
    people invited and removed, and the other emails. With a `limit`, only the newest that many are read of each
    kind, so a long case costs the history panel no more than a short one."""
    events = [Event(registration.created_at, _("Registration received"), "registration", registration.contact_name)]
    events += _step_events(registration, limit)
    course = getattr(registration, "course", None)
    if course:
        events += [Event(_midnight(session.held_on), _("Guidance session %(number)s") % {"number": session.number},
                         "guidance", "", session.notes)
                   for session in _newest(course.guidance_sessions.exclude(held_on=None), "held_on", limit)]
    events += [Event(note.created_at, _("Internal note"), "note", _name(note.author), note.text,
                     edited=note.edited_at, record=note)
               for note in _newest(registration.notes.select_related("author"), "created_at", limit)]
    events += _message_events(registration, limit)
    events += _document_events(registration, limit)
    events += _people_events(registration, limit)
    events += [Event(message.created_at, _("Email: %(subject)s") % {"subject": message.subject}, "email",
                     message.recipient, status=message.get_status_display())
               for message in _newest(emails(registration), "created_at", limit)]
    events.sort(key=lambda event: event.when, reverse=True)
    return events[:limit] if limit else events
