"""A task's screen in the admin: `/admin/opgaver/<id>/`, the one address of a task (the task lists, the case page
and the assignment email all link here).

The holder of an open task gets its form: the step's own view (`steps.views.StepView`, run under the flow's lock
as viewflow runs it), dressed here in the admin's furniture: breadcrumbs, a header with municipality, cohort, step
and due date, the step's description, and side panels with the municipality's answers and the case's recent
history. There is no control that cancels the whole case from a task: withdrawal is a deliberate action on the case.

Someone who may take a task still waiting in the queue gets its screen with one action, "Take the task", which
claims it and opens its form (the claim view's `next` leads back here).

Everyone else, and anyone following an old link, lands on the case with a Danish message saying how things stand:
who completed the task and when, that it was cancelled, who holds it now, or that it waits in the queue (the case
page offers "Take" where the person may). A busy lock is such a message too, never an error page.

A completed task's answers are read again at `/admin/opgaver/<id>/indsendt/` (`SubmittedScreen`, the archive's rows
link there): what was submitted in it, read-only, to those who may see that kind of the case's data."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from viewflow.fsm import TransitionNotAllowed
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import permissions
from ..steps.models import TaskStandIn
from ..steps.stand_in import stand_in_of
from . import submitted
from .panels import AnswersPanel, HistoryPanel
from .queries import case_of

BUSY = gettext_lazy("Someone else is working on this case right now. Try again in a moment.")
NOT_YOURS = gettext_lazy("This task is not yours to do.")


def _name(user):
    return user.get_full_name() or user.get_username()


def _when(moment):
    return formats.localize(timezone.localtime(moment))


def landing_url(task, case=None):
    """Where a task's link leads when its form is not for this person: the case, or the task lists."""
    case = case if case is not None else case_of(task)
    return reverse("staff_case", args=[case.pk]) if case is not None else reverse("staff_tasks:archive")


def may_take(task, user):
    """Whether the task waits in the queue and `user` may take it."""
    return task.status == STATUS.NEW and task.owner_id is None and task.flow_task.can_assign(user, task)


class TakeForm(forms.Form):
    """The take screen's one action: claim the task, then come back to this screen (now with the form)."""

    next = forms.CharField(widget=forms.HiddenInput)


def situation(task, user):
    """Why `user` does not get the task's form, in Danish, or None when they do."""
    step = task.flow_task.task_title
    if permissions.is_municipality_task(task) and task.status != STATUS.CANCELED:
        helped = stand_in_of(task) if task.status == STATUS.DONE else None
        if helped is not None and helped.kind == TaskStandIn.Kind.WENT_ON:
            return _("%(name)s went on without the municipality's answer to “%(step)s” on %(when)s. Reason: "
                     "%(reason)s") % {"step": step, "name": helped.by_name, "when": _when(task.finished),
                                      "reason": helped.reason}
        if helped is not None:
            return _("“%(step)s” was filled in by %(name)s for the municipality on %(when)s.") % {
                "step": step, "name": helped.by_name, "when": _when(task.finished)}
        if task.status == STATUS.DONE:
            return _("“%(step)s” was sent by the municipality on %(when)s.") % {"step": step,
                                                                              "when": _when(task.finished)}
        return _("“%(step)s” is for the municipality to do, in “Jeres forløb”. Their answers are on the case once "
                 "they have sent it.") % {"step": step}
    if task.status == STATUS.DONE:
        if task.owner_id == user.pk:
            return _("You completed “%(step)s” on %(when)s.") % {"step": step, "when": _when(task.finished)}
        return _("“%(step)s” was completed by %(name)s on %(when)s.") % {
            "step": step, "name": _name(task.owner) if task.owner else _("the system"), "when": _when(task.finished)}
    if task.status == STATUS.CANCELED:
        return _("“%(step)s” was cancelled on %(when)s: the case was withdrawn or the step is no longer needed.") % {
            "step": step, "when": _when(task.finished)}
    if task.owner_id is None:
        if task.flow_task.can_assign(user, task):
            return _("“%(step)s” is waiting in the queue. Take it below to start.") % {"step": step}
        return _("“%(step)s” is waiting in the queue of colleagues who do this kind of step.") % {"step": step}
    if task.owner_id != user.pk:
        return _("“%(step)s” is with %(name)s.") % {"step": step, "name": _name(task.owner)}
    return None


class TaskScreen(WagtailAdminTemplateMixin, View):
    header_icon = "tasks"
    allowed = staticmethod(permissions.may_have_tasks)

    def dispatch(self, request, task_id):
        if not self.allowed(request.user):
            return permission_denied(request)
        task = get_object_or_404(Task.objects.select_related("owner", "process", "deadline"), pk=task_id,
                                 flow_task_type="HUMAN")
        case = case_of(task)
        allowed = permissions.may_see_case(request.user, case) if case else permissions.may_work_cases(request.user)
        if not allowed:
            messages.error(request, _("You do not have access to this case."))
            return redirect("wagtailadmin_home")
        if may_take(task, request.user):
            if request.method == "GET":
                return self.take_screen(request, task, case)
            messages.info(request, situation(task, request.user))  # a form sent before taking the task
            return redirect(request.path)
        refusal = situation(task, request.user)
        if refusal:
            messages.info(request, refusal)
            return redirect(landing_url(task, case))
        try:
            if request.method == "POST":
                with task.flow_task.flow_class.lock(task.process_id), transaction.atomic():
                    task.refresh_from_db()
                    refusal = situation(task, request.user)
                    response = None if refusal else self.run_step(request, task)
            else:
                response = self.run_step(request, task)
        except (FlowLockFailed, TransitionNotAllowed):
            refusal = BUSY
        except PermissionDenied:  # viewflow's own check refused: not this person's task (or no longer startable)
            refusal = situation(task, request.user) or NOT_YOURS
        if refusal:
            messages.warning(request, refusal)
            # a task back in the queue meanwhile: its screen, where "Take the task" is
            return redirect(request.path if may_take(task, request.user) else landing_url(task, case))
        if isinstance(response, TemplateResponse):
            self.task, self.case = task, case
            response.template_name = "workflows/staff/task.html"
            response.context_data = self.get_context_data(**response.context_data)
        return response

    def take_screen(self, request, task, case):
        """The task's header and description, with "Take the task" where the form will be once it is taken."""
        self.task, self.case = task, case
        return TemplateResponse(request, "workflows/staff/task.html", self.get_context_data(
            form=TakeForm(initial={"next": request.path}), taking=True,
            action_url=reverse("staff_task_claim", args=[task.pk]),
            submit_button_label=_("Take the task"), submit_button_active_label=_("Taking…"),
        ))

    def run_step(self, request, task):
        """The step through viewflow's own execute view (the view of the node's `execute` URL, `view_path`): its
        owner check (`can_execute`), its lock and transaction on a POST, and the task's activation on the request.
        The screen's own checks above only choose the Danish message; viewflow's decide. On success the step's view
        redirects here, and the screen says it is done."""
        execute = task.flow_task.view_path.callback
        return execute(request, process_pk=task.process_id, task_pk=task.pk)

    def get_page_title(self):
        return self.task.flow_task.task_title

    def get_page_subtitle(self):
        return str(self.case.municipality) if self.case else str(self.task.process.coerced.meeting)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("staff_tasks:inbox"), "label": _("My tasks")},
                *([{"url": reverse("staff_case", args=[self.case.pk]), "label": str(self.case.municipality)}]
                  if self.case else []),
                {"url": "", "label": self.get_page_title()}]

    def side_panels(self):
        """The municipality's answers and the case's history, to those who need to know them (`permissions.SEES`)."""
        if self.case is None:
            return []
        seen = permissions.case_data_seen(self.request.user, self.case)
        return [panel(self.case, self.request) for panel, needs in (
            (AnswersPanel, {permissions.CaseData.APPLICATION, permissions.CaseData.CONTACTS}),
            (HistoryPanel, {permissions.CaseData.HISTORY, permissions.CaseData.NOTES}),
        ) if needs <= seen]

    def get_context_data(self, **kwargs):
        form = kwargs.get("form")
        deadline = getattr(self.task, "deadline", None) if self.task.finished is None else None
        return super().get_context_data(
            task=self.task, case=self.case, step=self.task.flow_task,
            due_at=deadline.due_at if deadline else None,
            overdue=bool(deadline and deadline.due_at < timezone.now()),
            side_panels=self.side_panels(), media=form.media if form else None,
            **{"action_url": self.request.path, "submit_button_label": _("Complete the task"),
               "submit_button_active_label": _("Completing…"), **kwargs},
        )


class SubmittedScreen(TaskScreen):
    """A completed task, read-only: the step's title, who did it and when, and what was submitted (`submitted`),
    to whoever may see that kind of the case's data (`permissions.SEES`); an open task's address leads to its screen."""

    def dispatch(self, request, task_id):
        if not self.allowed(request.user):
            return permission_denied(request)
        task = get_object_or_404(Task.objects.select_related("owner", "process"), pk=task_id, flow_task_type="HUMAN")
        if task.status != STATUS.DONE:
            return redirect("staff_task", task.pk)
        case = case_of(task)
        kind = submitted.data_kind(task)
        if not (permissions.may_see(request.user, case, kind) if case else permissions.may_work_cases(request.user)):
            return permission_denied(request)
        self.task, self.case = task, case
        return TemplateResponse(request, "workflows/staff/task_done.html", self.get_context_data(
            done=situation(task, request.user), submitted=submitted.submitted(task)))
