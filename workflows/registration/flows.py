"""The flows that run on a registration: its screening and, when a seat frees, the offer of that seat.

`RegistrationFlow` is the shared base of every flow whose process is a registration's (the course's flows build on
it too): the process class, the row lock that keeps two advisers from completing one task at once, the start from
our own code (`StartHandle`: the public form cannot use `flow.Start`, which refuses anonymous users) and the
summary. Timers fire only when the scheduler runs viewflow's `workflow_timers` (core.jobs). Emails go through
`core.email`, which sends after commit, so a failing provider can never roll a step back."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from core.links import absolute
from core.workdays import add_working_days

from .. import permissions
from ..processes import Process, starts
from ..steps.due import working_days
from ..steps.nodes import Step
from . import notifications
from .models import RegistrationProcess
from .tasks import ScreeningView, SeatOfferView

SCREENING_REMINDER_WORKING_DAYS = 3


class RegistrationFlow(flow.Flow):
    """Base of the flows about one registration. A subclass starts with
    `start = flow.StartHandle(this.start_process).Next(this.first_step)`."""

    process_class = RegistrationProcess
    lock_impl = lock.select_for_update_lock
    process_summary_template = "{{ process.registration }}"

    def start_process(self, activation, registration):
        activation.process.registration = registration
        return activation.process


def screening_reminder_due(activation):
    return add_working_days(timezone.now(), SCREENING_REMINDER_WORKING_DAYS)


@starts(Process.SCREENING)
class ScreeningFlow(RegistrationFlow):
    """An adviser screens each new registration: accept, waiting list or decline, with a reason.

    A screening that waits more than three working days reminds the advisers without interrupting the task."""

    process_title = _("Screening")
    process_description = _("An adviser screens a municipality's registration.")

    start = flow.StartHandle(this.start_process).Next(this.screen)
    screen = Step(
        ScreeningView, title=_("Screen registration"),
        description=_("Read the answers and decide. A municipality with a seat is accepted or declined; one "
                      "waiting for a seat stays on the waiting list or is declined. The municipality gets your "
                      "decision by email, with your reason."),
        due=working_days(SCREENING_REMINDER_WORKING_DAYS), permission=permissions.SCREEN_REGISTRATION,
    ).OnTimeout(screening_reminder_due, this.remind_advisers, interrupting=False).Next(this.end)
    remind_advisers = flow.Function(this.send_reminder).Next(this.reminded)
    reminded = flow.End()
    end = flow.End()

    def send_reminder(self, activation):
        screen_task = activation.process.task_set.filter(flow_task=ScreeningFlow.screen).first()
        notifications.send_screening_reminder(
            activation.process.registration, absolute(reverse("staff_task", args=[screen_task.pk]))
        )


@starts(Process.SEAT_OFFER)
class SeatOfferFlow(RegistrationFlow):
    """A seat freed and the first municipality on the waiting list holds it: a coordinator confirms the offer
    with the municipality (or records that it passes, which frees the seat for the next in line)."""

    process_title = _("Seat offer")
    process_description = _("A coordinator offers a freed seat to the first municipality on the waiting list.")

    start = flow.StartHandle(this.start_process).Next(this.offer)
    offer = Step(
        SeatOfferView, title=_("Offer seat"),
        description=_("Call or write to the municipality: does it take the seat? If it passes, the seat goes to the "
                      "next on the waiting list."),
        due=working_days(5), permission=permissions.OFFER_SEAT,
    ).Next(this.end)
    end = flow.End()
