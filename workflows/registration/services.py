"""What happens to a registration: submitted, screened, withdrawn, offered a freed seat.

Views and flow steps call these functions; each changes the registration, moves seats through
`seats.update_seats()`, starts the next process through `processes` and sends the matching email (after commit)."""

from django.db import transaction
from django.dispatch import Signal

from ..processes import Process, flow_of, start
from . import notifications
from .models import DecisionText, Registration
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


def decide(registration, decision, reason="", by=None):
    """Apply an adviser's screening decision and tell the municipality. The adviser who accepts a municipality
    becomes its lead adviser unless a coordinator has already named one."""
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
            registration.status = Registration.Status.DECLINED
            registration.save()
            update_seats(registration.programme, release=registration)
        if registration.seat == Registration.Seat.OFFERED:
            return  # the coordinator's seat offer task takes it from here
        notifications.send_decision(registration, decision)


# Sent when a registration is withdrawn, for what lies above this package to follow up on (the course's calendar
# cancellations, `course.notifications`): this package must not know the course.
registration_withdrawn = Signal()


def withdraw(registration):
    """The municipality withdraws; its seat (if any) goes to the waiting list and its open tasks are cancelled."""
    with transaction.atomic():
        registration.status = Registration.Status.WITHDRAWN
        registration.save()
        update_seats(registration.programme, release=registration)
        _cancel_open_processes(registration)
        notifications.send_withdrawal_confirmation(registration)
        registration_withdrawn.send(sender=Registration, registration=registration)


def grant_offered_seat(registration):
    with transaction.atomic():
        registration.status = Registration.Status.ACCEPTED
        registration.seat = Registration.Seat.SEATED
        registration.save()
        _start_course(registration)
        notifications.send_decision(registration, Decision.SEAT_GRANTED)


def pass_offered_seat(registration, reason):
    """The municipality no longer wants the seat: it leaves the list and the seat goes to the next in line."""
    with transaction.atomic():
        registration.status = Registration.Status.WITHDRAWN
        registration.decision_reason = reason
        registration.save()
        update_seats(registration.programme, release=registration)


def _start_course(registration):
    """The course starts once, however the municipality came to its seat."""
    if not registration.processes.filter(flow_class=flow_of(Process.COURSE)).exists():
        start(Process.COURSE, registration=registration)


def _cancel_open_processes(registration):
    for process in registration.processes.filter(finished__isnull=True):
        process.flow_class.instance.cancel(process)
