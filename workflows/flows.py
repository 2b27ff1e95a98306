"""The programme's viewflow flows.

Every flow locks its process row while a task moves (`select_for_update_lock`), so two advisers cannot both
complete one task. Public starts use `StartHandle` and are run from our own views (`flow.Start` refuses anonymous
users). Timers fire only when the scheduler runs `workflow_timers` (core.jobs). Emails go through `core.email`,
which sends after commit, so a failing provider can never roll a task back.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.status import STATUS

from . import links, notifications
from .models import MeetingProcess, RegistrationProcess
from .task_views import AttendanceView, ScreeningView, SeatOfferView
from .workdays import add_working_days

SCREENING_REMINDER_WORKING_DAYS = 3


def screening_reminder_due(activation):
    return add_working_days(timezone.now(), SCREENING_REMINDER_WORKING_DAYS)


class ScreeningFlow(flow.Flow):
    """An adviser screens each new registration: accept, waiting list or decline, with a reason.

    A screening that waits more than three working days reminds the advisers without interrupting the task."""

    process_class = RegistrationProcess
    lock_impl = lock.select_for_update_lock
    process_title = _("Screening")
    process_description = _("An adviser screens a municipality's registration.")
    process_summary_template = "{{ process.registration }}"

    start = flow.StartHandle(this.start_screening).Next(this.screen)
    screen = (
        flow.View(ScreeningView.as_view())
        .Annotation(title=_("Screen registration"), summary_template="{{ process.registration }}")
        .Permission("workflows.screen_registration")
        .OnTimeout(screening_reminder_due, this.remind_advisers, interrupting=False)
        .Next(this.end)
    )
    remind_advisers = flow.Function(this.send_reminder).Next(this.reminded)
    reminded = flow.End()
    end = flow.End()

    def start_screening(self, activation, registration):
        activation.process.registration = registration
        return activation.process

    def send_reminder(self, activation):
        screen_task = activation.process.task_set.filter(flow_task=ScreeningFlow.screen).first()
        task_url = links.absolute(
            reverse("screening:screen:index", args=[activation.process.pk, screen_task.pk])
        )
        notifications.send_screening_reminder(activation.process.registration, task_url)


class SeatOfferFlow(flow.Flow):
    """A seat freed and the first municipality on the waiting list holds it: a coordinator confirms the offer
    with the municipality (or records that it passes, which frees the seat for the next in line)."""

    process_class = RegistrationProcess
    lock_impl = lock.select_for_update_lock
    process_title = _("Seat offer")
    process_description = _("A coordinator offers a freed seat to the first municipality on the waiting list.")
    process_summary_template = "{{ process.registration }}"

    start = flow.StartHandle(this.start_offer).Next(this.offer)
    offer = (
        flow.View(SeatOfferView.as_view())
        .Annotation(title=_("Offer seat"), summary_template="{{ process.registration }}")
        .Permission("workflows.offer_seat")
        .Next(this.end)
    )
    end = flow.End()

    def start_offer(self, activation, registration):
        activation.process.registration = registration
        return activation.process


def reminder_due(meeting):
    return meeting.starts_at - timedelta(days=1)


class MeetingFlow(flow.Flow):
    """One information meeting: a reminder the day before, then the hosting adviser records attendance, then the
    attendees get a follow-up with the registration link and the next deadline."""

    process_class = MeetingProcess
    lock_impl = lock.select_for_update_lock
    process_title = _("Information meeting")
    process_description = _("Reminder, attendance and follow-up of an information meeting.")
    process_summary_template = "{{ process.meeting }}"

    start = flow.StartHandle(this.start_meeting).Next(this.wait_for_reminder)
    wait_for_reminder = flow.Timer(this.reminder_time).Next(this.send_reminders)
    send_reminders = flow.Function(this.remind).Next(this.wait_for_meeting_end)
    wait_for_meeting_end = flow.Timer(this.meeting_end).Next(this.attendance)
    attendance = (
        flow.View(AttendanceView.as_view())
        .Annotation(title=_("Record attendance"), summary_template="{{ process.meeting }}")
        .Permission("workflows.take_attendance")
        .Assign(this.hosting_adviser)
        .Next(this.send_followups)
    )
    send_followups = flow.Function(this.follow_up).Next(this.end)
    end = flow.End()

    def start_meeting(self, activation, meeting):
        activation.process.meeting = meeting
        return activation.process

    def reminder_time(self, activation):
        return reminder_due(activation.process.meeting)

    def meeting_end(self, activation):
        return activation.process.meeting.ends_at

    def hosting_adviser(self, activation):
        return activation.process.meeting.host

    def remind(self, activation):
        meeting = activation.process.meeting
        if not meeting.is_open():
            return  # the timer fired after the meeting had begun: a reminder would only confuse
        for signup in meeting.signups.active():
            notifications.send_meeting_reminder(signup)

    def follow_up(self, activation):
        for signup in activation.process.meeting.signups.active().filter(attended=True):
            notifications.send_meeting_followup(signup)


def reschedule_meeting(meeting):
    """A coordinator moved the meeting: the timers still waiting follow it (one that already fired stays done)."""
    process = MeetingProcess.objects.filter(meeting=meeting).first()
    if process is None:
        return
    due = [(MeetingFlow.wait_for_reminder, reminder_due(meeting)), (MeetingFlow.wait_for_meeting_end, meeting.ends_at)]
    for task in process.task_set.filter(status=STATUS.SCHEDULED):
        for node, moment in due:
            if task.flow_task == node:
                task.scheduled = moment
                task.save(update_fields=["scheduled"])
