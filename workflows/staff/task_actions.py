"""Claim, release and hand a task to a colleague. Each goes through viewflow's activation under the flow's lock; a
busy lock, a task someone else just took or a refusal is a Danish message (`TaskActionRefused`), never an error
page. Handing a task to someone tells them by email, from here, where the assignment happens."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.models import Task

from .. import permissions
from ..steps.notifications import send_task_assigned
from .access import gate


class TaskActionRefused(Exception):
    """A claim, release or reassignment that cannot happen; the message says why, in Danish."""


def _name(user):
    return user.get_full_name() or user.get_username()


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
            raise TaskActionRefused(_("%(name)s has already taken this task.") % {"name": _name(task.owner)})
        if not activation.assign.can_proceed() or not activation.flow_task.can_assign(user, task):
            raise TaskActionRefused(_("You cannot take this task."))
        activation.assign(user)

    _with_activation(task, action)


def release(task, user):
    def action(activation):
        if task.owner_id is None:
            return
        if not permissions.may_release(user, task):
            raise TaskActionRefused(_("You cannot release a colleague's task."))
        if not activation.unassign.can_proceed():
            raise TaskActionRefused(_("This task can no longer be released."))
        activation.unassign()

    _with_activation(task, action)


def reassign(task, user, colleague):
    """Give the task to `colleague` (an owner may pass on their own task; a coordinator any task)."""

    def action(activation):
        if not permissions.may_reassign(user, task):
            raise TaskActionRefused(_("You cannot reassign a colleague's task."))
        if colleague not in colleagues_for(task):
            raise TaskActionRefused(_("%(name)s cannot take this kind of task.") % {"name": _name(colleague)})
        if task.owner_id is None:
            activation.assign(colleague)
        else:
            activation.reassign(colleague)
        activation.task.refresh_from_db()
        send_task_assigned(activation.task)

    _with_activation(task, action)


def staff_members():
    """Everyone who works on cases, by name."""
    return list(permissions.users_with(permissions.WORK_CASES).order_by("first_name", "username"))


def colleagues_by_permission(task_permissions):
    """{permission: staff who may take a task needing it} for tasks' `owner_permission`s (None: every member of
    staff). Two queries however many colleagues and tasks, where `user.has_perm()` costs two per colleague."""
    if not task_permissions:
        return {}
    staff = staff_members()
    wanted = {permission for permission in task_permissions if permission}
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
        for permission in set(task_permissions)
    }


def colleagues_for(task):
    """Staff who may take the task: those holding its permission."""
    return colleagues_by_permission([task.owner_permission])[task.owner_permission]


# The single-task endpoints behind the "Take", "Put back" and "Give to" buttons of a task list row and the case
# page. They answer with a message and send the person back where they were.


def safe_next(target):
    """`target` when it is a path on this site ("/admin/opgaver/7/"), else None: never another host, nor
    "//host/" or "/\\host/", which browsers read as one."""
    if target and target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return target
    return None


def _back(request, fallback):
    return redirect(safe_next(request.POST.get("next", "")) or fallback)


def _act(request, task_id, action, done_message, fallback, *args):
    task = Task.objects.filter(flow_task_type="HUMAN", pk=task_id).select_related("owner").first()
    if task is None or task.finished is not None:
        messages.warning(request, _("The task has already been completed or cancelled."))
        return _back(request, fallback)
    try:
        action(task, request.user, *args)
    except TaskActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, done_message)
    return _back(request, fallback)


@require_POST
@gate(permissions.may_have_tasks)
def claim_view(request, task_id):
    return _act(request, task_id, claim, _("The task is now yours."), "staff_tasks:inbox")


@require_POST
@gate(permissions.may_have_tasks)
def release_view(request, task_id):
    return _act(request, task_id, release, _("The task is back in the queue."), "staff_tasks:queue")


@require_POST
@gate(permissions.may_work_cases)
def reassign_view(request, task_id):
    colleague_id = request.POST.get("colleague", "")
    colleague = get_user_model().objects.filter(pk=colleague_id).first() if colleague_id.isdigit() else None
    if colleague is None:
        messages.error(request, _("Choose the colleague who should take the task."))
        return _back(request, "staff_tasks:inbox")
    return _act(request, task_id, reassign, _("The task has been given to %(name)s.") % {"name": _name(colleague)},
                "staff_tasks:inbox", colleague)
