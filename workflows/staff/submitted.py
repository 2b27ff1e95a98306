"""What a finished task submitted, read again from the records its step saved: the archive's rows open the task's
screen, which shows these values read-only (`task_screen.TaskScreen`).

Each human step saved its form somewhere: on the case (a screening's decision and reason), on the course (the
kickoff), on a record of its own (a workshop, a guidance session, an evaluation), or in the task itself (whether to
plan another workshop). `SAVED` says, per step, which record that is and which kind of case data it holds (the
need-to-know of `permissions.SEES`); the values are shown under the step's own form labels, choices by their names,
dates in Danish."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Model
from django.template.defaultfilters import yesno
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from ..course import participation
from ..course.flows import CourseFlow, WorkshopFlow
from ..course.models import Nomination, WorkshopResponse
from ..meetings.flows import MeetingFlow
from ..outcomes.models import SelfAssessment
from ..permissions import CaseData
from ..processes import Process, flow_of
from ..registration.flows import ScreeningFlow, SeatOfferFlow
from ..registration.models import DecisionText, Registration
from ..registration.tasks import SeatOfferForm


@dataclass(frozen=True)
class Row:
    label: str
    value: str


def shown(value):
    """A value as a member of staff reads it: dates in Danish, yes/no, a person by name, "–" for nothing."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return yesno(value, _("yes,no"))
    if isinstance(value, datetime):
        return formats.localize(timezone.localtime(value))
    if isinstance(value, date):
        return formats.localize(value)
    if hasattr(value, "get_full_name"):
        return value.get_full_name() or value.get_username()
    return str(value)


def _fields(task):
    """The step's form fields, by name (the node's view is the step's `StepView`)."""
    return task.flow_task._view.view_class.form_class.base_fields


def _label(task, name):
    return str(_fields(task)[name].label)


def _record_rows(task, record):
    """The step's form fields as `record` holds them (a choice by its name); a field the record does not have is
    read from the task's own data (`plan_another`)."""
    rows = []
    for name, field in _fields(task).items():
        if name in task.data:
            value = task.data[name]
        elif isinstance(record, Model) and getattr(record, f"get_{name}_display", None):
            value = getattr(record, f"get_{name}_display")()
        else:
            value = getattr(record, name, None)
        rows.append(Row(str(field.label), shown(value)))
    return rows


def _nth(task):
    """Which time this step was done in its process (1 for the first): the workshop planned, the session booked."""
    return Task.objects.filter(process_id=task.process_id, flow_task=task.flow_task, status=STATUS.DONE,
                               finished__lte=task.finished).count()


def _registration(task):
    return task.process.coerced.registration


def _course(task):
    return _registration(task).course


def _course_started_by(task):
    """Whether the step started the case's course (an acceptance, a seat taken)."""
    return _registration(task).processes.filter(flow_class=flow_of(Process.COURSE), created__gte=task.created,
                                                created__lte=task.finished).exists()


def _screening(task):
    registration = _registration(task)
    Decision = DecisionText.Decision
    if _course_started_by(task):
        decision = Decision.ACCEPT
    elif registration.status == Registration.Status.DECLINED:
        decision = Decision.DECLINE
    else:
        decision = Decision.WAITING_LIST
    return [Row(_label(task, "decision"), decision.label),
            Row(_label(task, "reason"), shown(registration.decision_reason))]


def _seat_offer(task):
    granted = _course_started_by(task)
    outcome = dict(SeatOfferForm.base_fields["outcome"].choices)[SeatOfferForm.GRANT if granted else SeatOfferForm.PASS]
    return [Row(_label(task, "outcome"), str(outcome)),
            Row(_label(task, "note"), "–" if granted else shown(_registration(task).decision_reason))]


def _attendance(task):
    signups = task.process.coerced.meeting.signups.filter(attended=True).select_related("municipality")
    return [Row(_label(task, "attendees"), ", ".join(str(signup) for signup in signups) or "–")]


def _lead_adviser(task):
    course = _course(task)
    return [Row(_label(task, "lead_adviser"), shown(course.registration.lead_adviser)),
            Row(_label(task, "competence_partner"), shown(course.competence_partner))]


def _nominations(task):
    """The people the municipality nominated, with their modules."""
    return [Row(nomination.name, ", ".join(module.title for module in nomination.modules.all()))
            for nomination in _course(task).nominations.prefetch_related("modules")]


def _decisions(task):
    """The partner's decisions on the nominations: whom they confirmed (and so enrolled), whom they declined and
    why."""
    decided = _course(task).nominations.filter(decided_by=task.owner, decided_at__gte=task.created,
                                               decided_at__lte=task.finished)
    confirmed = [n.name for n in decided if n.status == Nomination.Status.CONFIRMED]
    declined = [f"{n.name}: {n.decline_reason}" for n in decided if n.status == Nomination.Status.DECLINED]
    return [Row(_("Confirmed"), "\n".join(confirmed) or "–"), Row(_("Declined"), "\n".join(declined) or "–")]


def _workshop_answer(task):
    """The municipality's answer before the workshop: how many of each come, and its wishes for the agenda."""
    response = participation.response_to(task.process.coerced.artifact)
    if response is None:
        return []
    return [*(Row(label, str(count)) for label, count in response.counts()),
            Row(capfirst(WorkshopResponse._meta.get_field("agenda_wishes").verbose_name),
                shown(response.agenda_wishes))]


def _completions(task):
    done = _course(task).enrolments.filter(
        completion_recorded_by=task.owner, completion_recorded_at__gte=task.created,
        completion_recorded_at__lte=task.finished).select_related("module")
    return [Row(_label(task, "completed"), "\n".join(f"{e.participant}: {e.module}" for e in done) or "–"),
            Row(_label(task, "completed_on"), ", ".join(dict.fromkeys(shown(e.completed_on) for e in done)) or "–")]


def _saved_in(record_of):
    """A step whose form is a record of its own (or the course's fields): its fields as the record holds them."""
    return lambda task: _record_rows(task, record_of(task))


def _nth_of(related):
    return _saved_in(lambda task: getattr(_course(task), related).order_by("pk")[_nth(task) - 1:].first())


def _evaluation(kind):
    return _saved_in(lambda task: _course(task).evaluations.filter(kind=kind).first())


_artifact = _saved_in(lambda task: task.process.coerced.artifact)


def _assessment(kind):
    """A self-assessment the municipality sent: its goals (at the start), its answers under their questions, its
    evaluation of the course (at the end)."""
    def rows(task):
        assessment = _registration(task).self_assessments.filter(kind=kind).first()
        if assessment is None:
            return []
        texts = {name: Row(capfirst(SelfAssessment._meta.get_field(name).verbose_name), getattr(assessment, name))
                 for name in ("goals", "course_evaluation") if getattr(assessment, name)}
        answers = [Row(answer.indicator.label, shown(answer.value))
                   for answer in assessment.answers.select_related("indicator")]
        return [*filter(None, [texts.get("goals")]), *answers, *filter(None, [texts.get("course_evaluation")])]
    return rows

# Per step: how its submitted values are read back, and which kind of case data they are.
SAVED = {
    ScreeningFlow.screen: (_screening, CaseData.APPLICATION),
    SeatOfferFlow.offer: (_seat_offer, CaseData.APPLICATION),
    MeetingFlow.attendance: (_attendance, None),  # an information meeting's: no case
    CourseFlow.assign_lead_adviser: (_lead_adviser, CaseData.COURSE),
    CourseFlow.schedule_kickoff: (_saved_in(_course), CaseData.COURSE),
    CourseFlow.plan_workshop: (_nth_of("workshops"), CaseData.COURSE),
    CourseFlow.nominate_participants: (_nominations, CaseData.COMPETENCE),
    CourseFlow.enrol_participants: (_decisions, CaseData.COMPETENCE),
    CourseFlow.record_completions: (_completions, CaseData.COMPETENCE),
    CourseFlow.book_guidance: (_nth_of("guidance_sessions"), CaseData.COURSE),
    CourseFlow.guidance: (_nth_of("guidance_sessions"), CaseData.COURSE),
    CourseFlow.midway_status: (_evaluation("midway"), CaseData.COURSE),
    CourseFlow.final_evaluation: (_evaluation("final"), CaseData.COURSE),
    CourseFlow.set_goals: (_assessment(SelfAssessment.Kind.BASELINE), CaseData.COURSE),
    CourseFlow.assess_midway: (_assessment(SelfAssessment.Kind.MIDWAY), CaseData.COURSE),
    CourseFlow.assess_final: (_assessment(SelfAssessment.Kind.FINAL), CaseData.COURSE),
    WorkshopFlow.answer_invitation: (_workshop_answer, CaseData.COURSE),
    WorkshopFlow.prepare: (_artifact, CaseData.COURSE),
    WorkshopFlow.record_outcome: (_artifact, CaseData.COURSE),
}


def data_kind(task):
    """The kind of case data the task's submitted values are (None: not a case's)."""
    return SAVED[task.flow_task][1]


def submitted(task):
    """[Row] of what the finished `task` submitted, as its form labelled it."""
    return SAVED[task.flow_task][0](task)
