"""The 18-month course as viewflow flows.

`CourseFlow` reads like the journey: a coordinator assigns the lead adviser, the adviser schedules the kickoff and
the municipality is invited. The municipality then sets out its goals and starting point (its baseline
self-assessment) in "Jeres forløb", due two working days before the kickoff, which goes ahead whether or not they
are in. From the kickoff on, four strands run side by side until the final evaluation:

- workshops: the adviser plans development workshops, one at a time, each starting its own `WorkshopFlow`;
- competence development: the municipality nominates its managers, staff and peers for the module catalogue in
  "Jeres forløb" (within three weeks); the competence partner confirms each nomination, which enrols the person,
  or declines it with a reason; one year after the start the partner records which modules were completed
  (mandatory ones must be; `Course.competence_at_risk()` warns three months before);
- ongoing guidance: two weeks before a session falls due (a month after the last one), the adviser books it with the
  municipality, which gets an invitation with a calendar file; after the session the adviser records it; until the
  last month;
- evaluation: at month 9 the municipality assesses itself midway, then the adviser records the midway status with
  that assessment beside the form; in month 17 the municipality makes its final assessment and evaluates the course,
  then the adviser makes the final evaluation.

The municipality's steps do not hold the course up for good. Each is announced to its people by email when it
comes, reminded five days before it is due, and reported to the lead adviser once overdue
(`municipality.reminders`). Once overdue, the lead adviser (or a coordinator) may fill in the goals, the
nominations or a self-assessment for the municipality, with answers got by phone or on paper, or go on without
them, giving a reason (`steps.stand_in`): the flow then moves on as if answered, and the next step says that the
municipality did not answer (the competence partner enrols by hand whoever comes later; the midway status and the
final evaluation are made without the self-assessment; a course whose goals never came still closes).

When all strands are done, and the municipality's goals too (sent, filled in for it, or gone on without), the course
closes with a summary email. Both flows run
on the registration's process (`RegistrationFlow`), so a withdrawal (`registration.services.withdraw`) cancels them
with the rest of the case. Each human step says what it is for, how long it may take and who does it
(`steps.nodes.Step`; `MunicipalityStep` for the municipality's own, `municipality_step` below). Timers fire only
when the scheduler runs viewflow's `workflow_timers` (core.jobs).

Two joins, because viewflow joins the branches of one split: `all_done` gathers the four strands split at the
kickoff, `course_done` gathers that and the goals, split off when the kickoff was announced.
"""

from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from core.workdays import is_working_day

from .. import permissions
from ..outcomes.tasks import FinalAssessmentView, GoalsView, MidwayAssessmentView
from ..processes import Process, starts
from ..registration.flows import RegistrationFlow
from ..steps.due import around_artifact, days, working_days, working_days_before
from ..steps.nodes import MunicipalityStep, Step
from . import notifications, services
from .participation_steps import ConfirmNominationsView, NominateView, WorkshopAnswerView
from .tasks import (
    BookGuidanceView,
    CompletionView,
    FinalEvaluationView,
    GuidanceView,
    KickoffView,
    LeadAdviserView,
    MidwayView,
    PlanWorkshopView,
    PrepareWorkshopView,
    WorkshopOutcomeView,
)

MORNING = time(8, 0)
MIDWAY_MONTH = 9
WORKSHOP_REMINDER_BEFORE = relativedelta(days=2)
GUIDANCE_BOOKED_BEFORE = relativedelta(days=14)  # the booking task comes two weeks before a session falls due
NOON = time(12, 0)
GOALS_BEFORE_KICKOFF = 2  # working days: the adviser reads the goals before the kickoff
NOMINATIONS_WITHIN = 21  # days from the kickoff
WORKSHOP_PREPARED_BEFORE = timedelta(days=3)
ANSWER_BEFORE_PREPARATION = 2  # working days: the municipality's answer is in when the adviser prepares


def _morning(day):
    return timezone.make_aware(datetime.combine(day, MORNING))


def _course(activation):
    return activation.process.registration.course


def guidance_due(task):
    """A guidance session is booked by the day it falls due (noon, or the next working day's)."""
    day = task.process.coerced.registration.course.next_guidance_on()
    while not is_working_day(day):
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, NOON))


def lead_adviser(activation):
    return activation.process.registration.lead_adviser


def competence_owner(activation):
    """The competence strand's steps go to the course's competence partner when it has one."""
    registration = activation.process.registration
    return registration.course.competence_partner or registration.lead_adviser


def course_step(view, *, title, description, due, assign=lead_adviser, permission=permissions.RUN_COURSE):
    """A human step of the course, given straight to whoever carries it (the lead adviser, by default)."""
    return Step(view, title=title, description=description, due=due, permission=permission, assign=assign)


def municipality_step(view, *, title, description, due, fill_in=True, go_on=True):
    """A step the municipality's people do in "Jeres forløb": any current person of the case takes and submits it;
    staff never (`permissions.may_do_municipality_task`). Once it is overdue, the lead adviser or a coordinator may
    fill it in for the municipality (`fill_in`) or go on without it (`go_on`), as the step allows
    (`steps.stand_in`)."""
    return MunicipalityStep(view, title=title, description=description, due=due,
                            allowed=permissions.may_do_municipality_task, stands_in=permissions.may_stand_in,
                            fill_in=fill_in, go_on=go_on)


def kickoff_at(task):
    return task.process.coerced.registration.course.kickoff_at


preparation_due = around_artifact("starts_at", -WORKSHOP_PREPARED_BEFORE)


@starts(Process.COURSE)
class CourseFlow(RegistrationFlow):
    """The course of one accepted municipality, from the lead adviser to the closing summary."""

    process_title = _("Course")
    process_description = _("The 18-month advisory course of an accepted municipality.")

    start = flow.StartHandle(this.start_course).Next(this.assign_lead_adviser)
    assign_lead_adviser = Step(
        LeadAdviserView, title=_("Assign lead adviser"),
        description=_("Choose the adviser who follows the municipality through the course, and the competence "
                      "partner who delivers its competence development."),
        due=working_days(3), permission=permissions.ASSIGN_LEAD_ADVISER,
    ).Next(this.schedule_kickoff)
    schedule_kickoff = course_step(
        KickoffView, title=_("Schedule kickoff"),
        description=_("Agree the kickoff meeting with the municipality. Both contact persons get an invitation "
                      "with a calendar file."),
        due=working_days(5),
    ).Next(this.invite_to_kickoff)
    invite_to_kickoff = flow.Function(this.send_kickoff_invitation).Next(this.kickoff_and_goals)
    kickoff_and_goals = flow.Split().Next(this.wait_for_kickoff).Next(this.set_goals)
    set_goals = municipality_step(
        GoalsView, title=_("Goals and starting point"),
        description=_("Your goals for the course, and where you stand today on involving peers. Your adviser reads "
                      "them before the kickoff, and you answer the same questions midway and at the end."),
        due=working_days_before(kickoff_at, GOALS_BEFORE_KICKOFF),
    ).Next(this.course_done)
    wait_for_kickoff = flow.Timer(this.kickoff_time).Next(this.begin_course)
    begin_course = flow.Function(this.mark_begun).Next(this.run_strands)
    run_strands = (
        flow.Split()
        .Next(this.plan_workshop)
        .Next(this.nominate_participants)
        .Next(this.wait_for_guidance)
        .Next(this.wait_for_midway)
    )

    plan_workshop = course_step(
        PlanWorkshopView, title=_("Plan a workshop"),
        description=_("Plan a development workshop with the municipality's management, staff, peers or citizens. "
                      "Tick the box to plan another one afterwards."),
        due=days(30),
    ).Next(this.plan_another_workshop)
    plan_another_workshop = flow.If(this.another_workshop_wanted).Then(this.plan_workshop).Else(this.all_done)

    nominate_participants = municipality_step(
        NominateView, title=_("Nominate participants for the competence modules"),
        description=_("Name the managers, staff and peers who will take part in the competence modules, and choose "
                      "their modules. The competence partner confirms each nomination. Mandatory modules must be "
                      "completed within a year of the start."),
        due=days(NOMINATIONS_WITHIN),
    ).Next(this.enrol_participants)
    enrol_participants = course_step(
        ConfirmNominationsView, title=_("Confirm the nominations"),
        description=_("Confirm each of the municipality's nominations, which enrols the person in the chosen "
                      "modules, or decline it with a reason the municipality reads. Mandatory modules must be "
                      "completed within a year of the start."),
        due=working_days(5), assign=competence_owner,
    ).Next(this.wait_for_competence_deadline)
    wait_for_competence_deadline = flow.Timer(this.competence_deadline).Next(this.record_completions)
    record_completions = course_step(
        CompletionView, title=_("Record completed modules"),
        description=_("A year has passed since the start: record which modules each participant completed."),
        due=days(14), assign=competence_owner,
    ).Next(this.all_done)

    wait_for_guidance = flow.Timer(this.guidance_booking_time).Next(this.book_guidance)
    book_guidance = course_step(
        BookGuidanceView, title=_("Book a guidance session"),
        description=_("Agree the next guidance session with the municipality: the day, the time and a place or a "
                      "video link. Its contact persons get an invitation with a calendar file."),
        due=guidance_due,
    ).Next(this.invite_to_guidance)
    invite_to_guidance = flow.Function(this.send_guidance_invitation).Next(this.wait_for_session)
    wait_for_session = flow.Timer(this.session_end).Next(this.guidance)
    guidance = course_step(
        GuidanceView, title=_("Record the guidance session"),
        description=_("The guidance session has taken place: note what was discussed and agreed."),
        due=working_days(3),
    ).Next(this.more_guidance)
    more_guidance = flow.If(this.guidance_continues).Then(this.wait_for_guidance).Else(this.all_done)

    wait_for_midway = flow.Timer(this.midway_time).Next(this.assess_midway)
    assess_midway = municipality_step(
        MidwayAssessmentView, title=_("Midway self-assessment"),
        description=_("Nine months in: answer the same questions as at the start, with your first answers shown "
                      "beside them. Your adviser then takes stock with you."),
        due=working_days(10),
    ).Next(this.midway_status)
    midway_status = course_step(
        MidwayView, title=_("Midway status"),
        description=_("Nine months in: how far has the municipality come towards its goals?"),
        due=days(21),
    ).Next(this.wait_for_final)
    wait_for_final = flow.Timer(this.final_time).Next(this.assess_final)
    assess_final = municipality_step(
        FinalAssessmentView, title=_("Final self-assessment and evaluation"),
        description=_("The course's last month: answer the questions a last time and tell us what the course gave "
                      "you. Your adviser then makes the final evaluation with you."),
        due=working_days(10),
    ).Next(this.final_evaluation)
    final_evaluation = course_step(
        FinalEvaluationView, title=_("Final evaluation"),
        description=_("The course's last month: evaluate it with the municipality. The course closes when every "
                      "strand is done, and the municipality gets a summary."),
        due=days(21),
    ).Next(this.all_done)

    all_done = flow.Join().Next(this.course_done)
    course_done = flow.Join().Next(this.close_course)
    close_course = flow.Function(this.close).Next(this.end)
    end = flow.End()

    def start_course(self, activation, registration):
        services.open_course(registration)
        return self.start_process(activation, registration)

    def send_kickoff_invitation(self, activation):
        notifications.send_kickoff_invitation(_course(activation))

    def kickoff_time(self, activation):
        return _course(activation).kickoff_at

    def mark_begun(self, activation):
        services.begin(_course(activation))

    def another_workshop_wanted(self, activation):
        planned = activation.task.previous.get()
        return bool(planned.data.get("plan_another"))

    def competence_deadline(self, activation):
        return _morning(_course(activation).mandatory_deadline)

    def guidance_booking_time(self, activation):
        return _morning(_course(activation).next_guidance_on() - GUIDANCE_BOOKED_BEFORE)

    def send_guidance_invitation(self, activation):
        notifications.send_guidance_invitation(_course(activation).booked_guidance_session())

    def session_end(self, activation):
        return _course(activation).booked_guidance_session().ends_at

    def guidance_continues(self, activation):
        """A session every month until the last month, when the final evaluation takes over."""
        current = _course(activation)
        return current.next_guidance_on() < current.ends_on - relativedelta(months=1)

    def midway_time(self, activation):
        return _morning(_course(activation).starts_on + relativedelta(months=MIDWAY_MONTH))

    def final_time(self, activation):
        return _morning(_course(activation).ends_on - relativedelta(months=1))

    def close(self, activation):
        services.close(_course(activation), running=activation.process)


@starts(Process.WORKSHOP)
class WorkshopFlow(RegistrationFlow):
    """One development workshop: the municipality says in "Jeres forløb" who comes and what it wishes on the
    agenda, due two working days before the adviser's preparation is; the adviser prepares it, seeing that answer
    once it is in (the preparation does not wait for it: the workshop goes ahead); the municipality is reminded two
    days before, the workshop is held, an answer never given is no longer asked for, and the adviser records the
    outcome (attendance, notes, agreed actions)."""

    process_title = _("Workshop")
    process_description = _("Preparation, reminder and outcome of a development workshop.")

    start = flow.StartHandle(this.start_workshop).Next(this.ask_municipality)
    ask_municipality = flow.Split().Next(this.answer_invitation).Next(this.prepare)
    answer_invitation = municipality_step(
        WorkshopAnswerView, title=_("Who comes to the workshop"),
        description=_("Tell your adviser who of your management, staff and peers will take part, how many citizens "
                      "come, and what you wish on the agenda. The workshop goes ahead whether or not you answer."),
        due=working_days_before(preparation_due, ANSWER_BEFORE_PREPARATION),
        fill_in=False, go_on=False,  # the workshop goes ahead regardless; held, it stops asking (`stop_asking`)
    ).Next(this.answered)
    answered = flow.End()
    prepare = course_step(
        PrepareWorkshopView, title=_("Prepare the workshop"),
        description=_("Write the agenda, with the municipality's answer beside it once it is in. The municipality "
                      "is reminded two days before the workshop."),
        due=preparation_due,
    ).Next(this.wait_for_reminder)
    wait_for_reminder = flow.Timer(this.reminder_time).Next(this.send_reminder)
    send_reminder = flow.Function(this.remind).Next(this.hold)
    hold = flow.Timer(this.workshop_end).Next(this.close_invitation)
    close_invitation = flow.Function(this.stop_asking).Next(this.record_outcome)
    record_outcome = course_step(
        WorkshopOutcomeView, title=_("Record the workshop's outcome"),
        description=_("How many took part, what happened, and what was agreed."),
        due=around_artifact("ends_at", timedelta(days=3)),
    ).Next(this.end)
    end = flow.End()

    def start_workshop(self, activation, workshop):
        activation.process.artifact = workshop
        return self.start_process(activation, workshop.course.registration)

    def reminder_time(self, activation):
        return activation.process.artifact.starts_at - WORKSHOP_REMINDER_BEFORE

    def remind(self, activation):
        workshop = activation.process.artifact
        if workshop.starts_at > timezone.now():  # prepared too late for a reminder to make sense
            notifications.send_workshop_reminder(workshop)

    def workshop_end(self, activation):
        return activation.process.artifact.ends_at

    def stop_asking(self, activation):
        """The workshop has been held: the municipality's answer, if it never came, is no longer asked for."""
        for task in activation.process.task_set.filter(flow_task=self.answer_invitation, finished__isnull=True):
            task.flow_task.activation_class(task).cancel()
