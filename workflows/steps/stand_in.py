"""Finishing a municipality's overdue task for it, so that the course does not stall on it.

The midway status and the final evaluation wait for the municipality's self-assessment, the course cannot close
before its goals are in, and the competence strand starts with its nominations. When such a task is overdue, the
agency phones the municipality and either gets the answers (on paper, by phone) or decides to go on without them.
The case's lead adviser, or a coordinator (`permissions.may_stand_in`, given to the step as `stands_in`), then
does one of two things, as far as the step allows (`MunicipalityStep.can_fill_in`, `can_go_on`):

- `fill_in`: the member of staff fills in the step's own form on the municipality's behalf. The task is given to
  them through viewflow's activation (`assign`) and the node's own execute view runs the form (`can_execute` lets
  them while they may stand in), all in one transaction under the flow's lock, exactly as a person of the
  municipality sends it (`municipality.tasks`). Everything that says who sent the task says "filled in by <name>
  for the municipality".
- `go_on_without`: the task is finished without answers, with a reason that the case's timeline and the audit log
  keep. The next step shows that the municipality did not answer (`StepView`'s `went_on_without`).

Why "go on without" executes the task rather than cancelling it: viewflow's `cancel` on a View node finishes the
task without going on (`ViewActivation.cancel` has no `activate_next`, and `activate_next` is only allowed from
DONE), so the midway status or the nominations' confirmation would never be created, and viewflow 2.4 has no
"skip" for View nodes. Creating the next task by hand would bypass viewflow's tokens and `previous` links, which
its joins and undo rely on. So the task is executed through viewflow's own transitions (assign, start, execute),
which creates the next node as an answer would, and `TaskStandIn` records that it was not answered: the task is
DONE to viewflow, "no longer needed" to the municipality, "went on without" to staff.

Of two people at once (an adviser filling in, a coordinator going on, a person of the municipality sending), the
first to get the flow's lock wins; the others find the task no longer open (`TooLate`) and are told so, their input
shown back to them, nothing saved."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from viewflow.workflow.status import STATUS
from wagtail.log_actions import log

from .models import TaskStandIn

# The audit log's actions (registered in `workflows.wagtail_hooks`): they name the case and the task, and for going
# on the staff's reason; never the answers.
FILLED_IN = "workflows.task_filled_in_for_municipality"
WENT_ON = "workflows.task_went_on_without_municipality"


class TooLate(Exception):
    """The task is no longer open: sent by the municipality, finished by a colleague, or cancelled."""

    def __init__(self, task):
        super().__init__(task.pk)
        self.task = task


def _registration(task):
    return getattr(task.process.coerced, "registration", None)


def _record(task, kind, by, reason=""):
    stand_in = TaskStandIn.objects.create(task=task, kind=kind, by=by, reason=reason)
    registration = _registration(task)
    log(task, FILLED_IN if kind == TaskStandIn.Kind.FILLED_IN else WENT_ON, user=by, title=str(registration),
        data={"registration": getattr(registration, "pk", None), "task": task.pk, "step": task.flow_task.name,
              **({"reason": reason} if reason else {})})
    return stand_in


def _open(task, user, allowed):
    """Read the task again under the lock: still open, and `user` still allowed."""
    task.refresh_from_db()
    if task.status != STATUS.NEW:
        raise TooLate(task)
    if not getattr(task.flow_task, "by_municipality", False) or not allowed(user, task):
        raise PermissionDenied


def fill_in(request, task):
    """Run the step's own form for the municipality, as `request.user`; return the form's response. A refused form
    rolls everything back (nobody holds the task, the input comes back with its errors). Raises TooLate,
    PermissionDenied, and viewflow's FlowLockFailed when someone else holds the lock too long."""
    node = task.flow_task
    with node.flow_class.lock(task.process_id), transaction.atomic():
        _open(task, request.user, node.can_fill_in)
        node.activation_class(task).assign(request.user)
        response = node.view_path.callback(request, process_pk=task.process_id, task_pk=task.pk)
        if response.status_code == 302:
            _record(task, TaskStandIn.Kind.FILLED_IN, request.user)
        else:
            transaction.set_rollback(True)
        return response


def go_on_without(task, by, reason):
    """Finish the task without the municipality's answers, for `reason` (required), so the flow goes on."""
    reason = reason.strip()
    if not reason:
        raise ValueError("a reason is required")
    node = task.flow_task
    with node.flow_class.lock(task.process_id), transaction.atomic():
        _open(task, by, node.can_go_on)
        activation = node.activation_class(task)
        activation.assign(by)
        activation.start(None)
        activation.execute()
        return _record(task, TaskStandIn.Kind.WENT_ON, by, reason)


def stand_in_of(task):
    """The task's `TaskStandIn`, or None (read from a select_related row when there is one)."""
    try:
        return task.stand_in
    except TaskStandIn.DoesNotExist:
        return None


def went_on_without(task):
    """The municipality's tasks that led to `task` and were gone on without: [TaskStandIn], for the next step's
    screen to say so."""
    return list(TaskStandIn.objects.filter(task__in=task.previous.all(), kind=TaskStandIn.Kind.WENT_ON)
                .select_related("task", "by"))
