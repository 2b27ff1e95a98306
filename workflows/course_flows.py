"""The 18-month course as viewflow flows.

`CourseFlow` reads like the journey: a coordinator assigns the lead adviser, the adviser schedules the kickoff and
the municipality is invited; from the kickoff on, four strands run side by side until the final evaluation:

- workshops: the adviser plans development workshops, one at a time, each starting its own `WorkshopFlow`;
- competence development: participants are enrolled in the module catalogue; one year after the start the
  adviser records which modules were completed (mandatory ones must be; `Course.competence_at_risk()` warns
  three months before);
- ongoing guidance: a timer raises a guidance session every month until the last month;
- evaluation: a timer raises the midway status at month 9 and the final evaluation in month 18.

When all strands are done, the course closes with a summary email. Both flows run on `RegistrationProcess`, so a
withdrawal (`journey.withdraw`) cancels them with the rest of the case. Timers fire only when the scheduler runs
viewflow's `workflow_timers` (core.jobs).
"""

from datetime import datetime, time

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from . import course, course_notifications
from .course_views import (
    CompletionView,
    EnrolmentView,
    FinalEvaluationView,
    GuidanceView,
    KickoffView,
    LeadAdviserView,
    MidwayView,
    PlanWorkshopView,
    PrepareWorkshopView,
    WorkshopOutcomeView,
)
from .models import RegistrationProcess

COURSE_PERMISSION = "workflows.run_course"
MORNING = time(8, 0)
MIDWAY_MONTH = 9
WORKSHOP_REMINDER_BEFORE = relativedelta(days=2)


def _morning(day):
    return timezone.make_aware(datetime.combine(day, MORNING))


def _course(activation):
    return activation.process.registration.course


def course_task(view, title):
    """A human task of the course, given straight to the lead adviser."""
    return (
        flow.View(view.as_view()).Annotation(title=title).Permission(COURSE_PERMISSION)
        .Assign(lambda activation: activation.process.registration.lead_adviser)
    )


class CourseFlow(flow.Flow):
    """The course of one accepted municipality, from the lead adviser to the closing summary."""

    process_class = RegistrationProcess
    lock_impl = lock.select_for_update_lock
    process_title = _("Course")
    process_description = _("The 18-month advisory course of an accepted municipality.")

    start = flow.StartHandle(this.start_course).Next(this.assign_lead_adviser)
    assign_lead_adviser = (
        flow.View(LeadAdviserView.as_view())
        .Annotation(title=_("Assign lead adviser"))
        .Permission("workflows.assign_lead_adviser")
        .Next(this.schedule_kickoff)
    )
    schedule_kickoff = course_task(KickoffView, _("Schedule kickoff")).Next(this.invite_to_kickoff)
    invite_to_kickoff = flow.Function(this.send_kickoff_invitation).Next(this.wait_for_kickoff)
    wait_for_kickoff = flow.Timer(this.kickoff_time).Next(this.begin_course)
    begin_course = flow.Function(this.mark_begun).Next(this.run_strands)
    run_strands = (
        flow.Split()
        .Next(this.plan_workshop)
        .Next(this.enrol_participants)
        .Next(this.wait_for_guidance)
        .Next(this.wait_for_midway)
    )

    plan_workshop = course_task(PlanWorkshopView, _("Plan a workshop")).Next(this.plan_another_workshop)
    plan_another_workshop = flow.If(this.another_workshop_wanted).Then(this.plan_workshop).Else(this.all_done)

    enrol_participants = course_task(EnrolmentView, _("Enrol participants in modules")).Next(
        this.wait_for_competence_deadline
    )
    wait_for_competence_deadline = flow.Timer(this.competence_deadline).Next(this.record_completions)
    record_completions = course_task(CompletionView, _("Record completed modules")).Next(this.all_done)

    wait_for_guidance = flow.Timer(this.next_guidance_time).Next(this.guidance)
    guidance = course_task(GuidanceView, _("Hold a guidance session")).Next(this.more_guidance)
    more_guidance = flow.If(this.guidance_continues).Then(this.wait_for_guidance).Else(this.all_done)

    wait_for_midway = flow.Timer(this.midway_time).Next(this.midway_status)
    midway_status = course_task(MidwayView, _("Midway status")).Next(this.wait_for_final)
    wait_for_final = flow.Timer(this.final_time).Next(this.final_evaluation)
    final_evaluation = course_task(FinalEvaluationView, _("Final evaluation")).Next(this.all_done)

    all_done = flow.Join().Next(this.close_course)
    close_course = flow.Function(this.close).Next(this.end)
    end = flow.End()

    def start_course(self, activation, registration):
        activation.process.registration = registration
        return activation.process

    def send_kickoff_invitation(self, activation):
        course_notifications.send_kickoff_invitation(_course(activation))

    def kickoff_time(self, activation):
        return _course(activation).kickoff_at

    def mark_begun(self, activation):
        course.begin(_course(activation))

    def another_workshop_wanted(self, activation):
        planned = activation.task.previous.get()
        return bool(planned.data.get("plan_another"))

    def competence_deadline(self, activation):
        return _morning(_course(activation).mandatory_deadline)

    def next_guidance_time(self, activation):
        current = _course(activation)
        return _morning(current.starts_on + relativedelta(months=current.guidance_sessions.count() + 1))

    def guidance_continues(self, activation):
        """Monthly sessions until the last month, when the final evaluation takes over."""
        current = _course(activation)
        upcoming = current.starts_on + relativedelta(months=current.guidance_sessions.count() + 1)
        return upcoming < current.ends_on - relativedelta(months=1)

    def midway_time(self, activation):
        return _morning(_course(activation).starts_on + relativedelta(months=MIDWAY_MONTH))

    def final_time(self, activation):
        return _morning(_course(activation).ends_on - relativedelta(months=1))

    def close(self, activation):
        course.close(_course(activation))


class WorkshopFlow(flow.Flow):
    """One development workshop: the adviser prepares it, the municipality is reminded two days before, the
    workshop is held, and the adviser records its outcome (attendance, notes, agreed actions)."""

    process_class = RegistrationProcess
    lock_impl = lock.select_for_update_lock
    process_title = _("Workshop")
    process_description = _("Preparation, reminder and outcome of a development workshop.")

    start = flow.StartHandle(this.start_workshop).Next(this.prepare)
    prepare = course_task(PrepareWorkshopView, _("Prepare the workshop")).Next(this.wait_for_reminder)
    wait_for_reminder = flow.Timer(this.reminder_time).Next(this.send_reminder)
    send_reminder = flow.Function(this.remind).Next(this.hold)
    hold = flow.Timer(this.workshop_end).Next(this.record_outcome)
    record_outcome = course_task(WorkshopOutcomeView, _("Record the workshop's outcome")).Next(this.end)
    end = flow.End()

    def start_workshop(self, activation, workshop):
        activation.process.registration = workshop.course.registration
        activation.process.artifact = workshop
        return activation.process

    def reminder_time(self, activation):
        return activation.process.artifact.starts_at - WORKSHOP_REMINDER_BEFORE

    def remind(self, activation):
        workshop = activation.process.artifact
        if workshop.starts_at > timezone.now():  # prepared too late for a reminder to make sense
            course_notifications.send_workshop_reminder(workshop)

    def workshop_end(self, activation):
        return activation.process.artifact.ends_at
