"""`Step`: a human step of a flow, declared in one place with everything the workspace needs to show it.

    screen = Step(ScreeningView, title=_("Screen registration"), description=_("..."),
                  due=working_days(3), permission=permissions.SCREEN_REGISTRATION)

The title and description head the task's screen; the permission puts the task in the queue of the groups that
hold it (or `assign` gives it straight to one person); the due date is stored with the task when it is created, and
a task created already assigned tells its owner by email. Assignments made later (claim, hand to a colleague) send
their email where they happen (`staff.task_actions`)."""

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

    def __init__(self, view, *, title, description, due, permission=None, assign=None):
        super().__init__(view.as_view())
        self.due = due
        self.goes_to = assign  # who the step is given to, when not to a queue (the workspace reads it)
        self.Annotation(title=title, description=description)
        if permission:
            self.Permission(permission)
        if assign:
            self.Assign(assign)
