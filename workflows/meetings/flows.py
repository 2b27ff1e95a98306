"""The life of an information meeting as a flow: a reminder the day before, attendance recorded by the hosting
adviser when it has ended, then a follow-up to those who attended with the registration link and the next deadline.

The flow locks its process row while a task moves (`select_for_update_lock`). Timers fire only when the scheduler
runs viewflow's `workflow_timers` (core.jobs); a coordinator who moves the meeting moves the waiting timers with it
(`reschedule`)."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.status import STATUS

from .. import permissions
from ..processes import Process, starts
from ..steps.due import working_days
from ..steps.nodes import Step
from . import notifications
from .models import MeetingProcess
from .tasks import AttendanceView


def reminder_due(meeting):
    return meeting.starts_at - timedelta(days=1)


@starts(Process.MEETING)
class MeetingFlow(flow.Flow):
    process_class = MeetingProcess
    lock_impl = lock.select_for_update_lock
    process_title = _("Information meeting")
    process_description = _("Reminder, attendance and follow-up of an information meeting.")
    process_summary_template = "{{ process.meeting }}"

    start = flow.StartHandle(this.start_meeting).Next(this.wait_for_reminder)
    wait_for_reminder = flow.Timer(this.reminder_time).Next(this.send_reminders)
    send_reminders = flow.Function(this.remind).Next(this.wait_for_meeting_end)
    wait_for_meeting_end = flow.Timer(this.meeting_end).Next(this.attendance)
    attendance = Step(
        AttendanceView, title=_("Record attendance"),
        description=_("Tick who took part. Those who did get a follow-up with the registration link."),
        due=working_days(2), permission=permissions.TAKE_ATTENDANCE,
        assign=lambda activation: activation.process.meeting.host,
    ).Next(this.send_followups)
    send_followups = flow.Function(this.follow_up).Next(this.end)
    end = flow.End()

    def start_meeting(self, activation, meeting):
        activation.process.meeting = meeting
        return activation.process

    def reminder_time(self, activation):
        return reminder_due(activation.process.meeting)

    def meeting_end(self, activation):
        return activation.process.meeting.ends_at

    def remind(self, activation):
        meeting = activation.process.meeting
        if not meeting.is_open():
            return  # the timer fired after the meeting had begun: a reminder would only confuse
        for signup in meeting.signups.active():
            notifications.send_meeting_reminder(signup)

    def follow_up(self, activation):
        for signup in activation.process.meeting.signups.active().filter(attended=True):
            notifications.send_meeting_followup(signup)


def reschedule(meeting):
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
