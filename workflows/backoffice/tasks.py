"""Task lists of the back office: the user's inbox, the queue of their groups and their archive, each with its due
date (`TaskDeadline`), filters and sorting. Claim, release and reassign go through viewflow's activations under
the flow lock; a busy lock or a task someone else just took is a message, never an error page."""

from collections import defaultdict

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from ..course_flows import CourseFlow, WorkshopFlow
from ..flows import MeetingFlow, ScreeningFlow, SeatOfferFlow
from ..models import Cohort, Municipality, Registration
from ..roles import ADVISERS, COORDINATORS
from ..widgets import ModelChoiceField
from .deadlines import node_key

FLOWS = [ScreeningFlow, SeatOfferFlow, MeetingFlow, CourseFlow, WorkshopFlow]
REGISTRATION = "process__registrationprocess__registration"
SORTING = {
    "due": F("deadline__due_at").asc(nulls_last=True),
    "-due": F("deadline__due_at").desc(nulls_last=True),
    "created": F("created").asc(),
    "-created": F("created").desc(),
    "municipality": F(f"{REGISTRATION}__municipality__name").asc(nulls_last=True),
}


def human_nodes():
    """(key, title) of every human step, for the step filter."""
    return [
        (node_key(node), f"{flow_class.process_title}: {node.task_title}")
        for flow_class in FLOWS for node in flow_class.instance.nodes() if node.task_type == "HUMAN"
    ]


class TaskFilterForm(forms.Form):
    step = forms.ChoiceField(label=gettext_lazy("Step"), required=False)
    cohort = ModelChoiceField(label=gettext_lazy("Cohort"), queryset=Cohort.objects.all(), required=False)
    municipality = ModelChoiceField(
        label=gettext_lazy("Municipality"), queryset=Municipality.objects.all(), required=False
    )
    overdue = forms.BooleanField(label=gettext_lazy("Only overdue"), required=False)
    sort = forms.ChoiceField(
        label=gettext_lazy("Sort by"), required=False,
        choices=[("due", gettext_lazy("Due date, earliest first")), ("-due", gettext_lazy("Due date, latest first")),
                 ("-created", gettext_lazy("Newest first")), ("created", gettext_lazy("Oldest first")),
                 ("municipality", gettext_lazy("Municipality"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [("", gettext_lazy("All steps")), *human_nodes()]

    def apply(self, tasks):
        if not self.is_valid():
            return tasks.order_by(SORTING["due"], "pk")
        data = self.cleaned_data
        if data["step"]:
            flow_name, node_name = data["step"].split(".")
            flow_class = next(flow for flow in FLOWS if flow.__name__ == flow_name)
            tasks = tasks.filter(flow_task=getattr(flow_class, node_name))
        if data["cohort"]:
            tasks = tasks.filter(**{f"{REGISTRATION}__cohort": data["cohort"]})
        if data["municipality"]:
            tasks = tasks.filter(**{f"{REGISTRATION}__municipality": data["municipality"]})
        if data["overdue"]:
            tasks = tasks.filter(deadline__due_at__lt=timezone.now(), finished__isnull=True)
        return tasks.order_by(SORTING[data["sort"] or "due"], "pk")


# The lists as viewflow's Task.objects.inbox() / queue() / archive() define them.
KINDS = {
    "inbox": lambda tasks, user: tasks.filter(owner=user, status=STATUS.ASSIGNED),
    "queue": lambda tasks, user: tasks.user_queue(user).filter(status=STATUS.NEW),
    "archive": lambda tasks, user: tasks.filter(owner=user, finished__isnull=False),
}


def task_list(kind, user):
    """The tasks of one list, on viewflow_task's own columns: sort and paginate this, then `load()` the page.

    Viewflow's managers keep to the given flows by joining viewflow_process on its flow class; with thousands of
    finished processes PostgreSQL then reads the whole process table for every list, its count and each page.
    The human steps of the flows the user may see are the same restriction, written on the task itself (only
    human tasks are queued or have an owner: our flows start from `StartHandle`, which has none)."""
    steps = [
        node for flow_class in FLOWS if flow_class.instance.has_view_permission(user)
        for node in flow_class.instance.nodes() if node.task_type == "HUMAN"
    ]
    return KINDS[kind](Task.objects.filter(flow_task__in=steps), user)


def load(task_ids):
    """The tasks of one page, in the order given, as (task, registration) pairs: each task with its due date and
    owner, and the registration its process is about (None for a meeting's tasks). Two lean queries: joining
    the registration through the process rows in the task query built eight models per task."""
    tasks = Task.objects.select_related("deadline", "owner").in_bulk(task_ids)
    registrations = {
        registration.process_pk: registration
        for registration in Registration.objects.filter(processes__in={task.process_id for task in tasks.values()})
        .annotate(process_pk=F("processes__pk")).select_related("municipality", "cohort")
    }
    return [(tasks[pk], registrations.get(tasks[pk].process_id)) for pk in task_ids]


def staff_users():
    """Active advisers and coordinators, by name."""
    users = get_user_model().objects.filter(is_active=True, groups__name__in=[ADVISERS, COORDINATORS]).distinct()
    return list(users.order_by("first_name", "username"))


def colleagues_by_permission(permissions):
    """{permission: staff who may take a task needing it} for tasks' `owner_permission`s (None: every staff
    member). Two queries however many colleagues and tasks, where `user.has_perm()` costs two per colleague."""
    if not permissions:
        return {}
    staff = staff_users()
    wanted = {permission for permission in permissions if permission}
    holders = defaultdict(set)
    if wanted:
        match = Q()
        for permission in wanted:
            app_label, codename = permission.split(".", 1)
            match |= Q(content_type__app_label=app_label, codename=codename)
        granted = Permission.objects.filter(match).order_by()
        direct = granted.values_list("content_type__app_label", "codename", "user")
        via_group = granted.values_list("content_type__app_label", "codename", "group__user")
        for app_label, codename, user_id in direct.union(via_group):
            holders[f"{app_label}.{codename}"].add(user_id)
    return {
        permission: [user for user in staff if user.is_superuser or user.pk in holders[permission]]
        if permission else staff
        for permission in set(permissions)
    }


def colleagues_for(task):
    """Staff who may take the task: members of the staff groups holding its permission."""
    return colleagues_by_permission([task.owner_permission])[task.owner_permission]


class TaskActionRefused(Exception):
    """A claim, release or reassignment that cannot happen; the message says why, in Danish."""


def _with_activation(task, action):
    try:
        with task.activation() as activation:
            action(activation)
    except FlowLockFailed as error:
        raise TaskActionRefused(
            _("Someone else is working on this case right now. Try again in a moment.")
        ) from error


def claim(task, user):
    def action(activation):
        if task.owner_id == user.pk:
            return
        if task.owner_id:
            raise TaskActionRefused(_("%(name)s has already taken this task.") % {
                "name": task.owner.get_full_name() or task.owner.username})
        if not activation.assign.can_proceed() or not activation.flow_task.can_assign(user, task):
            raise TaskActionRefused(_("You cannot take this task."))
        activation.assign(user)

    _with_activation(task, action)


def release(task, user):
    def action(activation):
        if task.owner_id is None:
            return
        if task.owner_id != user.pk and not user.has_perm("workflows.assign_lead_adviser"):
            raise TaskActionRefused(_("You cannot release a colleague's task."))
        if not activation.unassign.can_proceed():
            raise TaskActionRefused(_("This task can no longer be released."))
        activation.unassign()

    _with_activation(task, action)


def reassign(task, user, colleague):
    """Give the task to `colleague` (an owner may pass on their own task; a coordinator any task)."""
    from ..course_notifications import send_task_assigned

    def action(activation):
        if task.owner_id not in (None, user.pk) and not user.has_perm("workflows.assign_lead_adviser"):
            raise TaskActionRefused(_("You cannot reassign a colleague's task."))
        if colleague not in colleagues_for(task):
            raise TaskActionRefused(_("%(name)s cannot take this kind of task.") % {
                "name": colleague.get_full_name() or colleague.username})
        if task.owner_id is None:
            activation.assign(colleague)
        else:
            activation.reassign(colleague)
        activation.task.refresh_from_db()
        send_task_assigned(activation.task)

    _with_activation(task, action)
