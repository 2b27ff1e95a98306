"""Inbox, queue and archive, and the claim / release / reassign actions."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from viewflow.workflow.models import Task

from . import tasks as task_service
from .access import is_coordinator, render_backoffice, staff_required

PAGE_SIZE = 25
LISTS = {
    "inbox": gettext_lazy("My tasks"),
    "queue": gettext_lazy("Queue"),
    "archive": gettext_lazy("Archive"),
}


def _task_list(request, kind):
    form = task_service.TaskFilterForm(request.GET or None)
    task_ids = form.apply(task_service.task_list(kind, request.user)).values_list("pk", flat=True)
    page = Paginator(task_ids, PAGE_SIZE).get_page(request.GET.get("side"))
    tasks = task_service.load(list(page))
    query = request.GET.copy()
    query.pop("side", None)
    coordinator = is_coordinator(request.user)
    reassignable = {
        task.pk for task, _registration in tasks
        if not task.finished and (coordinator or task.owner_id == request.user.pk)
    }
    colleagues = task_service.colleagues_by_permission(
        {task.owner_permission for task, _registration in tasks if task.pk in reassignable}
    )
    rows = [
        {"task": task, "registration": registration, "url": task.reverse("index"),
         "colleagues": colleagues[task.owner_permission] if task.pk in reassignable else []}
        for task, registration in tasks
    ]
    return render_backoffice(request, "workflows/backoffice/task_list.html", {
        "kind": kind, "title": LISTS[kind], "form": form, "page": page, "query": query.urlencode(),
        "now": timezone.now(), "rows": rows,
    })


@staff_required
def inbox(request):
    return _task_list(request, "inbox")


@staff_required
def queue(request):
    return _task_list(request, "queue")


@staff_required
def archive(request):
    return _task_list(request, "archive")


def _back(request, fallback):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


def _act(request, task_id, action, done_message, fallback, *args):
    task = get_object_or_404(Task.objects.filter(flow_task_type="HUMAN", finished__isnull=True), pk=task_id)
    try:
        action(task, request.user, *args)
    except task_service.TaskActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, done_message)
    return _back(request, fallback)


@require_POST
@staff_required
def claim(request, task_id):
    return _act(request, task_id, task_service.claim, _("The task is now yours."), "backoffice:inbox")


@require_POST
@staff_required
def release(request, task_id):
    return _act(request, task_id, task_service.release, _("The task is back in the queue."), "backoffice:queue")


@require_POST
@staff_required
def reassign(request, task_id):
    colleague = get_user_model().objects.filter(pk=request.POST.get("colleague") or None).first()
    if colleague is None:
        messages.error(request, _("Choose the colleague who should take the task."))
        return _back(request, "backoffice:inbox")
    return _act(request, task_id, task_service.reassign,
                _("The task has been given to %(name)s.") % {"name": colleague.get_full_name() or colleague},
                "backoffice:inbox", colleague)
