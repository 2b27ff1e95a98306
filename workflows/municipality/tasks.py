"""The municipality's own tasks in "Jeres forløb": the list on the plan page and a task's screen at
/forloeb/jeres/<pk>/opgaver/<task_id>/.

A task here is a `steps.nodes.MunicipalityStep` of the case's flows (goals and self-assessments, nominations,
answers to invitations). Every current person of the case sees the case's tasks and may do any of them; nobody
holds a task until it is sent. Its screen is the step's own view (its form), dressed in the public site's look, as
`staff.task_screen` dresses the staff's steps: the form, then a summary to check (`steps.views.ReviewedStepView`),
then, at the same address once the task is done, a receipt saying who sent it and when, with what was sent.

Sending is one transaction under the flow's lock: the task is given to the person who sends it (viewflow's
`assign`, refused unless the node's `can_assign` lets them), then the node's own execute view runs the step
(`can_execute`, `start`, the form, `execute`). If the form is refused, the transaction is rolled back, so nobody
holds the task and the input comes back with its errors. Of two colleagues sending at once, the second waits for
the lock, finds the task done and is told who sent it.

Once a task is overdue, the case's lead adviser may finish it for the municipality (`steps.stand_in`): fill it in
with answers got by phone or on paper ("filled in by your adviser" on the plan and the receipt) or go on without it
("no longer needed"). Whoever is first wins: a person who sends after that is told so, and sees their answers
again, unsent, to pass them on in a message."""

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from viewflow.fsm import TransitionNotAllowed
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from ..processes import Process, flow_of
from ..steps.models import TaskStandIn
from ..steps.stand_in import stand_in_of
from ..steps.views import ReviewedStepView
from .auth import person_required

BUSY = gettext_lazy("Someone else is working on your course right now. Try again in a moment.")


@cache
def municipality_steps():
    """Every step of every flow that the municipality's people do (the flows are fixed once loaded: read once)."""
    return tuple(node for process in Process for node in flow_of(process).instance.nodes()
                 if getattr(node, "by_municipality", False))


def case_tasks(registration):
    """The case's municipality tasks, open and done (a cancelled one is nobody's business any more)."""
    # The case's processes as a subquery, not a join through the process table: PostgreSQL plans it in half the time.
    # Not the holder's account: who sent a task is named from the case's people (`task_rows`), and the steps' checks
    # read only `owner_id`.
    return (Task.objects.filter(process__in=registration.processes.values("pk"), flow_task__in=municipality_steps())
            .exclude(status=STATUS.CANCELED).select_related("deadline", "stand_in__by"))


def open_tasks():
    """Every case's open municipality tasks (nobody holds one until sending it, so open is NEW)."""
    return Task.objects.filter(flow_task__in=municipality_steps(), status=STATUS.NEW).select_related("deadline")


def overdue(now=None, lead_adviser=None):
    """The open municipality tasks past their due date, the longest overdue first; of the cases `lead_adviser`
    leads, if given (the overview lists them all, the lead adviser's dashboard theirs)."""
    tasks = open_tasks().filter(deadline__due_at__lt=now or timezone.now()).order_by("deadline__due_at", "pk")
    if lead_adviser is not None:
        tasks = tasks.filter(process__registrationprocess__registration__lead_adviser=lead_adviser)
    return tasks


@dataclass(frozen=True)
class TaskRow:
    """A task as the plan's list shows it: "open", "overdue", "done" or "not_needed" (gone on without by the
    adviser), with its due date or who sent it when; `filled_in_by` names the adviser who filled it in for them."""

    task: Task
    title: str
    state: str
    due_at: datetime | None
    sent_by: str
    sent_at: datetime | None
    filled_in_by: str = ""


def _sender(task, people):
    return people.get(task.owner_id, "") if task.owner_id else ""


def task_rows(registration, now=None, names=None):
    """The case's tasks for the plan page, open ones first (soonest due first), then the done ones, newest first.
    One query for the tasks, and one for the names of the people who sent them unless `names` (user id: name, the
    case's current people) already holds them all."""
    now = now or timezone.now()
    tasks = list(case_tasks(registration))
    people = dict(names or {})
    missing = {task.owner_id for task in tasks if task.owner_id} - people.keys()
    if missing:
        people.update(registration.people.filter(user__in=missing).values_list("user_id", "name"))
    rows = []
    for task in tasks:
        deadline = getattr(task, "deadline", None)
        due_at = deadline.due_at if deadline else None
        helped = stand_in_of(task)
        if task.status == STATUS.DONE:
            state = "not_needed" if helped and helped.kind == TaskStandIn.Kind.WENT_ON else "done"
        else:
            state = "overdue" if due_at and due_at < now else "open"
        rows.append(TaskRow(task, task.flow_task.task_title, state, due_at, _sender(task, people), task.finished,
                            helped.by_name if helped and helped.kind == TaskStandIn.Kind.FILLED_IN else ""))
    open_rows = sorted((row for row in rows if row.task.status != STATUS.DONE),
                       key=lambda row: (row.due_at is None, row.due_at or now))
    done_rows = sorted((row for row in rows if row.task.status == STATUS.DONE), key=lambda row: row.sent_at,
                       reverse=True)
    return open_rows + done_rows


def _reviewed(node):
    return issubclass(getattr(node.view, "view_class", object), ReviewedStepView)


def _task_url(task, person):
    return reverse("workflows:municipality_task", args=[person.registration_id, task.pk])


def _plan_url(person):
    return reverse("workflows:municipality_plan", args=[person.registration_id]) + "#opgaver"


def _when(moment):
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


@never_cache
@person_required
def task_screen(request, person, task_id):
    """A task of the case: its form (and summary) while it is open, its receipt once it is done."""
    # The process with its registration part, as the step's activation reads it (`task.process.coerced`).
    task = get_object_or_404(case_tasks(person.registration).select_related("process__registrationprocess"),
                             pk=task_id)
    if task.status == STATUS.DONE:
        helped = stand_in_of(task)
        if request.method == "POST" and helped is not None:
            return _not_sent(request, person, task, helped)  # the adviser finished it first
        return receipt(request, person, task)
    if not task.flow_task.can_assign(request.user, task):
        raise Http404  # held by someone mid-send, or not this person's to do: nothing to show
    node = task.flow_task
    if request.method == "POST" and (not _reviewed(node) or ReviewedStepView.CONFIRM in request.POST):
        response = _send(request, person, task)
    else:  # the form, or its summary: the step's view with the task's activation, changing nothing
        response = _step_view(request, task)
    return _dressed(response, person, task)


def _step_view(request, task):
    """The step's own view with the task's activation on the request, changing nothing."""
    node = task.flow_task
    request.activation = node.activation_class(task)
    return node.view(request, process_pk=task.process_id, task_pk=task.pk)


def _dressed(response, person, task, **extra):
    if isinstance(response, TemplateResponse):
        node = task.flow_task
        response.template_name = "workflows/municipality/task.html"
        response.context_data.update(_context(person, task), reviewed=_reviewed(node),
                                     confirm=ReviewedStepView.CONFIRM, change=ReviewedStepView.CHANGE, **extra)
    return response


def _not_sent(request, person, task, helped):
    """Answers sent after the adviser finished the task for the municipality (`steps.stand_in`): nothing is saved;
    they are told so and see their answers again, unsent, to pass them on in a message if they matter."""
    words = {"name": helped.by_name or _("your adviser"), "when": _when(helped.at)}
    if helped.kind == TaskStandIn.Kind.FILLED_IN:
        messages.warning(request, _("Your adviser %(name)s filled in this task for you on %(when)s, so your answers "
                                    "were not sent. They are shown below, unsent, if you want to pass them on in a "
                                    "message.") % words)
    else:
        messages.warning(request, _("Your adviser %(name)s went on without this task on %(when)s, so your answers "
                                    "were not sent. They are shown below, unsent, if you want to pass them on in a "
                                    "message.") % words)
    request.POST = request.POST.copy()
    request.POST.pop(ReviewedStepView.CONFIRM, None)  # the summary of what they sent, never sending it
    return _dressed(_step_view(request, task), person, task, answers_not_sent=True)


def _send(request, person, task):
    """Give the task to the sender and run the step, in one transaction under the flow's lock; see the module."""
    node = task.flow_task
    try:
        with node.flow_class.lock(task.process_id), transaction.atomic():
            task.refresh_from_db()
            if task.status != STATUS.NEW:
                return _too_late(request, person, task)
            if not node.can_assign(request.user, task):
                raise PermissionDenied
            node.activation_class(task).assign(request.user)
            response = node.view_path.callback(request, process_pk=task.process_id, task_pk=task.pk)
            if response.status_code != 302:  # refused answers: the form again, and the task nobody's
                transaction.set_rollback(True)
            return response
    except (FlowLockFailed, TransitionNotAllowed):
        messages.warning(request, BUSY)
    except PermissionDenied:
        messages.warning(request, _("You cannot send this task."))
    return redirect(_task_url(task, person))


def _too_late(request, person, task):
    """A colleague sent the task a moment ago, the adviser finished it for the municipality, or it was cancelled: say
    so; the receipt, their answers unsent, or the plan follows."""
    helped = stand_in_of(task) if task.status == STATUS.DONE else None
    if helped is not None:
        return _not_sent(request, person, task, helped)
    if task.status == STATUS.DONE:
        name = _sender(task, dict(person.registration.people.values_list("user_id", "name")))
        messages.warning(request, _("%(name)s sent this task on %(when)s, so your answers were not sent.") % {
            "name": name or _("A colleague"), "when": _when(task.finished)})
        return redirect(_task_url(task, person))
    messages.info(request, _("This task is no longer needed."))
    return redirect(_plan_url(person))


def _context(person, task):
    deadline = getattr(task, "deadline", None)
    return {"person": person, "registration": person.registration, "task": task, "step": task.flow_task,
            "due_at": deadline.due_at if deadline else None,
            "overdue": bool(deadline and task.finished is None and deadline.due_at < timezone.now())}


def receipt(request, person, task):
    """The receipt of a done task: who sent it and when, and what was sent (the step's own receipt template)."""
    view_class = getattr(task.flow_task.view, "view_class", None)
    receipt_template = getattr(view_class, "receipt_template_name", None)
    people = dict(person.registration.people.values_list("user_id", "name"))
    helped = stand_in_of(task)
    if helped is not None and helped.kind == TaskStandIn.Kind.WENT_ON:
        receipt_template = None  # nothing was sent
    return render(request, "workflows/municipality/receipt.html", {
        **_context(person, task), "sent_by": _sender(task, people), "sent_at": task.finished, "stand_in": helped,
        "receipt_template": receipt_template, **(view_class.receipt_context(task) if receipt_template else {}),
    })
