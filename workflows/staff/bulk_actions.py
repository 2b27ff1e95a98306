"""Claim, release and hand on several tasks at once, from the task lists' checkboxes (Wagtail's bulk actions). A
single row's action uses the same confirmation page with one task. Each task goes through `task_actions`, so the
rules and messages are the ones a single action has.

The address names the tasks by id (`?id=…`), and anyone on staff can type any id. So a task is shown, named or acted
on only when this person may do the action with it (`workflows.permissions`, the task's case included, as on the
task's screen); any other is left out, counted but never named: its step says what stage a case has reached."""

from django import forms
from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from viewflow.workflow.models import Task
from wagtail.admin.views.bulk_action import BulkAction

from .. import permissions
from . import task_actions
from .queries import attach_cases, case_of, visible_tasks


class TaskBulkAction(BulkAction):
    models = [Task]
    template_name = "workflows/staff/bulk_action.html"
    verb = ""  # shown on the confirmation page

    def get_all_objects_in_listing_query(self, parent_id):
        return visible_tasks(self.request.user, Task.objects.filter(finished__isnull=True)).values_list("pk",
                                                                                                         flat=True)

    def check_perm(self, task):
        user = self.request.user
        if task.finished is not None or not permissions.may_have_tasks(user):
            return False
        case = case_of(task)
        if not (permissions.may_see_case(user, case) if case else permissions.may_work_cases(user)):
            return False
        return self.may(task)

    def get_actionable_objects(self):
        """The selected open tasks this person may do the action with. The rest (another's task, a case or flow
        they may not see, a finished task, an id that does not exist) are left out and only counted: the page names
        no step of a task the person may not act on. Wagtail's own version listed them by their step's title."""
        selected = self.request.GET.getlist("id")
        if "all" in selected:
            selected = self.get_all_objects_in_listing_query(self.request.GET.get("childOf"))
        ids = {int(pk) for pk in selected if str(pk).isdigit()}
        candidates = visible_tasks(self.request.user, Task.objects.filter(pk__in=ids, finished__isnull=True))
        tasks = [task for task in candidates.select_related("owner").order_by("pk") if self.check_perm(task)]
        attach_cases(tasks)  # the confirmation names each task's municipality, as the lists do
        return tasks, {"items_with_no_access": [], "left_out": len(ids) - len(tasks)}

    def may(self, task):
        raise NotImplementedError

    def get_execution_context(self):
        return {"user": self.request.user, "request": self.request}

    @classmethod
    def execute_action(cls, tasks, user=None, request=None, **kwargs):
        done = 0
        for task in tasks:
            try:
                cls.act(task, user, **kwargs)
            except task_actions.TaskActionRefused as refusal:
                messages.warning(request, f"{task.flow_task.task_title}: {refusal}")
            else:
                done += 1
        return done, 0

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "verb": self.verb, "display_name": self.display_name}


class ClaimBulkAction(TaskBulkAction):
    display_name = _("Take")
    action_type = "claim"
    aria_label = _("Take the selected tasks")
    verb = _("Take these tasks?")
    action_priority = 10

    def may(self, task):
        return task.owner_id in (None, self.request.user.pk) and task.flow_task.can_assign(self.request.user, task)

    @staticmethod
    def act(task, user, **kwargs):
        task_actions.claim(task, user)

    def get_success_message(self, done, _children):
        return ngettext("%(count)d task is now yours.", "%(count)d tasks are now yours.", done) % {"count": done}


class ReleaseBulkAction(TaskBulkAction):
    display_name = _("Put back in the queue")
    action_type = "release"
    aria_label = _("Put the selected tasks back in the queue")
    verb = _("Put these tasks back in the queue?")
    action_priority = 20

    def may(self, task):
        return task.owner_id is not None and permissions.may_release(self.request.user, task)

    @staticmethod
    def act(task, user, **kwargs):
        task_actions.release(task, user)

    def get_success_message(self, done, _children):
        return ngettext("%(count)d task is back in the queue.", "%(count)d tasks are back in the queue.",
                        done) % {"count": done}


class ColleagueForm(forms.Form):
    # Django's short empty choice ("---------"): a select is as wide as its longest option, and a sentence there
    # pushed the field past the edge of a phone's screen.
    colleague = forms.ModelChoiceField(label=_("Give to"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleague"].queryset = permissions.users_with(permissions.WORK_CASES).order_by("first_name")
        self.fields["colleague"].label_from_instance = lambda user: user.get_full_name() or user.get_username()


class ReassignBulkAction(TaskBulkAction):
    display_name = _("Give to a colleague")
    action_type = "reassign"
    aria_label = _("Give the selected tasks to a colleague")
    verb = _("Who should take these tasks? They are told by email.")
    action_priority = 30
    form_class = ColleagueForm

    def may(self, task):
        return permissions.may_reassign(self.request.user, task)

    def get_execution_context(self):
        return {**super().get_execution_context(), "colleague": self.cleaned_form.cleaned_data["colleague"]}

    @staticmethod
    def act(task, user, colleague=None, **kwargs):
        task_actions.reassign(task, user, colleague)

    def get_success_message(self, done, _children):
        name = self.cleaned_form.cleaned_data["colleague"]
        return ngettext("%(count)d task has been given to %(name)s.", "%(count)d tasks have been given to %(name)s.",
                        done) % {"count": done, "name": name.get_full_name() or name.get_username()}
