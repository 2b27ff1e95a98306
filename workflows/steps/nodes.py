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
(`by_municipality`, read by `staff.queries`). The municipality's reminders announce it to the case's people
(`municipality.reminders`).

Once such a task is overdue, the case's lead adviser (or a coordinator) may finish it for the municipality
(`stand_in`, `permissions.may_stand_in`), as far as the step allows: fill it in on its behalf (`may_fill_in`:
answers got by phone or on paper, through the step's own form) or go on without it (`may_go_on`: with a reason).
A workshop's answer allows neither: it stops being asked for when the workshop is held."""

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

    def __init__(self, view, *, title, description, due, allowed, stands_in=None, fill_in=False, go_on=False):
        """`stands_in(user, task)`: who of staff may finish the task for the municipality once it is overdue
        (`permissions.may_stand_in`); `fill_in` and `go_on`: which of the two ways the step allows."""
        super().__init__(view, title=title, description=description, due=due)
        self.allowed = allowed
        self.stands_in = stands_in
        self.may_fill_in = bool(stands_in and fill_in)
        self.may_go_on = bool(stands_in and go_on)

    def can_assign(self, user, task):
        """Take the task, as its submitter does: nobody holds it yet and `user` is one of the case's people. (Staff
        who stand in are given it by `stand_in`, never by taking it: no "Take" anywhere in the workspace.)"""
        return task.owner_id is None and self.allowed(user, task)

    def can_execute(self, user, task):
        """Submit it: the person who took it, while still one of the case's people; or the member of staff
        `stand_in` gave it to, while they still may stand in."""
        if task.owner_id is None or task.owner_id != user.pk:
            return False
        return self.allowed(user, task) or bool(self.stands_in and self.stands_in(user, task))

    def can_fill_in(self, user, task):
        """Fill the task in for the municipality (`stand_in.fill_in`), where the step allows it."""
        return self.may_fill_in and self.stands_in(user, task)

    def can_go_on(self, user, task):
        """Go on without the municipality's answer (`stand_in.go_on_without`), where the step allows it."""
        return self.may_go_on and self.stands_in(user, task)

    def can_unassign(self, user, task):
        """Nobody puts a municipality's task back: it is taken and submitted in one go."""
        return False
