"""What happens to a registration: submitted, screened, withdrawn, offered a freed seat.

Views and flow steps call these functions; each changes the registration, moves seats through
`seats.update_seats()`, starts the next process through `processes` and sends the matching email (after commit)."""

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..processes import Process, flow_of, start
from . import notifications
from .models import CaseNote, DecisionText, Registration
from .seats import update_seats

Decision = DecisionText.Decision


def submit(registration):
    """Save a new registration, give it a seat or a waiting-list place, and start its screening."""
    with transaction.atomic():
        registration.status = Registration.Status.SUBMITTED
        registration.save()
        start(Process.SCREENING, registration=registration)
        # Seats last: update_seats locks the programme row until this transaction commits, so municipalities that
        # press "send" at the same moment wait only for the seat count and the receipt (which states the seat),
        # not for the screening flow to start.
        update_seats(registration.programme, claim=registration)
        notifications.send_registration_received(registration)
    return registration


def allowed_decisions(registration):
    """A municipality with a seat is accepted or declined; one waiting for a seat stays waiting or is declined."""
    if registration.seat in (Registration.Seat.SEATED, Registration.Seat.OFFERED):
        return [Decision.ACCEPT, Decision.DECLINE]
    return [Decision.WAITING_LIST, Decision.DECLINE]


def decide(registration, decision, reason="", by=None, running=None):
    """Apply an adviser's screening decision and tell the municipality. The adviser who accepts a municipality
    becomes its lead adviser unless a coordinator has already named one. A decline, at screening or after
    acceptance, ends the case (`end_case`); `running` is the process whose task is deciding, if any."""
    with transaction.atomic():
        registration.decision_reason = reason
        if decision == Decision.ACCEPT:
            registration.status = Registration.Status.ACCEPTED
            registration.seat = Registration.Seat.SEATED
            registration.lead_adviser = registration.lead_adviser or by
            registration.save()
            _start_course(registration)
        elif decision == Decision.WAITING_LIST:
            registration.status = Registration.Status.WAITING_LIST
            registration.save()
            update_seats(registration.programme)  # a seat may have freed while it was being screened
            registration.refresh_from_db()
        else:
            end_case(registration, Registration.Status.DECLINED, reason=reason, running=running)
        if registration.seat == Registration.Seat.OFFERED:
            return  # the coordinator's seat offer task takes it from here
        notifications.send_decision(registration, decision)


# Sent when a case has ended (declined, withdrawn, a seat passed, the contact person erased), for what lies above
# this package to follow up on (the course's calendar cancellations, `course.notifications`): this package must not
# know the course.
case_ended = Signal()

ENDED = (Registration.Status.DECLINED, Registration.Status.WITHDRAWN)


def end_case(registration, outcome, *, reason=None, running=None):
    """The one way a case ends, whatever ends it: the registration gets its final status (`outcome`: declined or
    withdrawn), its seat or waiting-list place is freed for the next in line, every open process on it (screening,
    seat offer, course, workshops) is cancelled, and what lies above is told (`case_ended`). `running` is the process
    whose task is ending the case right now (a screening that declines, a seat offer that is passed): its own flow
    finishes it, so it is left to finish. Emails are the caller's: each way of ending tells the municipality in its
    own words."""
    assert outcome in ENDED, outcome
    with transaction.atomic():
        registration.status = outcome
        if reason is not None:
            registration.decision_reason = reason
        registration.save()
        update_seats(registration.programme, release=registration)
        for process in registration.processes.filter(finished__isnull=True):
            if running is None or process.pk != running.pk:
                process.flow_class.instance.cancel(process)
        case_ended.send(sender=Registration, registration=registration)


def withdraw(registration, *, by=None, reason=""):
    """The municipality withdraws (on its status page, or a coordinator for it, `by`, with an internal `reason`);
    it gets a confirmation."""
    with transaction.atomic():
        end_case(registration, Registration.Status.WITHDRAWN)
        if reason:
            add_note(registration, by, _("Withdrawn: %(reason)s") % {"reason": reason})
        notifications.send_withdrawal_confirmation(registration)


def add_note(registration, author, text):
    """An internal note on the case (never shown to the municipality)."""
    return CaseNote.objects.create(registration=registration, author=author, text=text)


# The audit log's actions (registered in `workflows.wagtail_hooks`). An entry names the case, never the text.
# (Messages to and from the municipality: `municipality.exchange`.)
NOTE_EDITED = "workflows.note_edited"


def edit_note(note, by, text):
    """The author corrects their note (`permissions.may_edit_note`); the case shows when it was last edited and
    the audit log who did it. Saving the same text changes nothing."""
    if text == note.text:
        return note
    with transaction.atomic():
        note.text, note.edited_at = text, timezone.now()
        note.save(update_fields=["text", "edited_at"])
        log(note, NOTE_EDITED, user=by, title=str(note.registration), data={"registration": note.registration_id})
    return note


def grant_offered_seat(registration):
    with transaction.atomic():
        registration.status = Registration.Status.ACCEPTED
        registration.seat = Registration.Seat.SEATED
        registration.save()
        _start_course(registration)
        notifications.send_decision(registration, Decision.SEAT_GRANTED)


def pass_offered_seat(registration, reason, running=None):
    """The municipality no longer wants the seat: it leaves the list and the seat goes to the next in line."""
    end_case(registration, Registration.Status.WITHDRAWN, reason=reason, running=running)


def _start_course(registration):
    """The course starts once, however the municipality came to its seat."""
    if not registration.processes.filter(flow_class=flow_of(Process.COURSE)).exists():
        start(Process.COURSE, registration=registration)
