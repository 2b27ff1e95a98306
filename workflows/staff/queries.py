"""The tasks of the workspace: which human steps there are, which tasks a person sees in each list, and the case
each task is about, loaded for a whole page at once."""

from django.db.models import F
from viewflow.workflow.models import Process

from .. import permissions
from ..course.flows import CourseFlow, WorkshopFlow, competence_owner
from ..course.models import Workshop
from ..meetings.flows import MeetingFlow
from ..registration.flows import ScreeningFlow, SeatOfferFlow
from ..registration.models import Registration

FLOWS = [ScreeningFlow, SeatOfferFlow, MeetingFlow, CourseFlow, WorkshopFlow]
REGISTRATION = "process__registrationprocess__registration"


def human_steps(flows=FLOWS):
    """The steps staff do: every human step but the municipality's own (`steps.nodes.MunicipalityStep`, done in
    "Jeres forløb"), which no staff list, count or filter shows."""
    return [node for flow_class in flows for node in flow_class.instance.nodes()
            if node.task_type == "HUMAN" and not getattr(node, "by_municipality", False)]


def step_key(node):
    return f"{node.flow_class.__name__}.{node.name}"


def step_choices():
    """(key, "Process: step") of every human step, for the step filter."""
    return [(step_key(node), f"{node.flow_class.process_title}: {node.task_title}") for node in human_steps()]


def step_by_key(key):
    return next((node for node in human_steps() if step_key(node) == key), None)


def competence_steps():
    """The competence strand's steps: those the course flow gives to its competence partner."""
    return [node for node in human_steps([CourseFlow]) if node.goes_to is competence_owner]


def visible_tasks(user, tasks):
    """`tasks` restricted to the human steps of the flows `user` may see, and for a competence partner (who sees no
    flow as a whole) to the competence strand's steps.

    Viewflow's managers keep to the given flows by joining viewflow_process on its flow class; with thousands of
    finished processes PostgreSQL then reads the whole process table for every list, its count and each page.
    The human steps of the flows the user may see are the same restriction, written on the task itself (only
    human tasks are queued or have an owner: our flows start from `StartHandle`, which has none)."""
    flows = [flow_class for flow_class in FLOWS if flow_class.instance.has_view_permission(user)]
    steps = human_steps(flows)
    if CourseFlow not in flows and permissions.delivers_competence(user):
        steps += competence_steps()
    return tasks.filter(flow_task__in=steps)


def attach_cases(tasks):
    """Give each task of a page its `case` (the registration its process is about, None for a meeting's) in one
    query: joining the registration through the process rows in the task query built eight models per task."""
    tasks = list(tasks)
    cases = {
        registration.process_pk: registration
        for registration in Registration.objects.filter(processes__in={task.process_id for task in tasks})
        .annotate(process_pk=F("processes__pk")).select_related("municipality", "cohort")
    }
    for task in tasks:
        task.case = cases.get(task.process_id)
    return tasks


def attach_workshops(tasks):
    """Give each task of a page its `workshop` (a workshop step's: which workshop, when; None for any other) in two
    queries when the page has workshop steps, none when it has not."""
    steps = {WorkshopFlow.prepare, WorkshopFlow.record_outcome}
    process_ids = {task.process_id for task in tasks if task.flow_task in steps}
    artifacts = dict(Process.objects.filter(pk__in=process_ids).values_list("pk", "artifact_object_id")
                     ) if process_ids else {}
    workshops = Workshop.objects.in_bulk({pk for pk in artifacts.values() if pk}) if artifacts else {}
    for task in tasks:
        task.workshop = workshops.get(artifacts.get(task.process_id))
    return tasks


def case_of(task):
    return getattr(task.process.coerced, "registration", None)
