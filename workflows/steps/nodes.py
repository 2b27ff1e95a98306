"""`Step`: a human step of a flow, declared in one place with everything the workspace needs to show it.

    screen = Step(ScreeningView, title=_("Screen registration"), description=_("..."),
                  due=working_days(3), permission=permissions.SCREEN_REGISTRATION)

The title and description head the task's screen; the permission puts the task in the queue of the groups that
hold it (or `assign` gives it straight to one person); the due date is stored with the task when it is created, and
a task created already assigned tells its owner by email. Assignments made later (claim, hand to a colleague) send
their email where they happen (`staff.task_actions`).

`MunicipalityStep` is a step the municipality's own people do in "Jeres forløb" instead of staff (goals and
self-assessments, nominations, answers to invitations):

    set_goals = MunicipalityStep(GoalsView, title=_("..."), description=_("..."), due=working_days(10),
                                 allowed=permissions.may_do_municipality_task)

Its task is created for nobody: every current person of the case sees it on their plan, and the one who submits it
becomes its owner in the same transaction (`municipality.tasks`). `allowed(user, task)` says who of the
municipality may do it; staff never may, so the staff workspace leaves these steps out of every list and count
(`by_municipality`, read by `staff.queries`)."""

from viewflow.workflow import flow
from viewflow.workflow.nodes.view import ViewActivation

from .models import TaskDeadline
from .notifications import send_task_assigned


class StepActivation(ViewActivation):
    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        activation = super().create(flow_task, prev_activation, token, data=data, seed=seed)
        task = activation.task
        TaskDeadline.objects.create(task=task, due_at=flow_task.due(task))
        if task.owner_id:
            send_task_assigned(task)
        return activation


class Step(flow.View):
    activation_class = StepActivation
    by_municipality = False  # done by the municipality's people in "Jeres forløb", not by staff

    def __init__(self, view, *, title, description, due, permission=None, assign=None):
        super().__init__(view.as_view())
        self.due = due
        self.goes_to = assign  # who the step is given to, when not to a queue (the workspace reads it)
        self.Annotation(title=title, description=description)
        if permission:
            self.Permission(permission)
        if assign:
            self.Assign(assign)


class MunicipalityStep(Step):
    """A step done by the current people of the task's case, never by staff; see the module's docstring."""

    by_municipality = True

    def __init__(self, view, *, title, description, due, allowed):
        super().__init__(view, title=title, description=description, due=due)
        self.allowed = allowed

    def can_assign(self, user, task):
        """Take the task, as its submitter does: nobody holds it yet and `user` is one of the case's people."""
        return task.owner_id is None and self.allowed(user, task)

    def can_execute(self, user, task):
        """Submit it: the person who took it, while still one of the case's people."""
        return task.owner_id is not None and task.owner_id == user.pk and self.allowed(user, task)

    def can_unassign(self, user, task):
        """Nobody puts a municipality's task back: it is taken and submitted in one go."""
        return False
