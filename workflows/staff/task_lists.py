"""My tasks, the queue of my groups and my archive, as Wagtail admin listings: step, municipality, cohort, due date
(overdue marked), owner; filters, sorting, pagination, and bulk actions (claim, release, hand to a colleague).

A page costs three queries however many tasks there are: the count, the page of tasks with their due dates and
owners, and the cases of that page (`queries.attach_cases`); two more when the page has a workshop's steps, which
name their workshop (`queries.attach_workshops`)."""

import django_filters
from django.db.models import F
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, DateColumn, TitleColumn, UserColumn
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.views.generic.base import BaseListingView
from wagtail.admin.widgets import ListingButton

from core.widgets import Select

from .. import permissions
from ..programme.models import Cohort, Municipality
from .access import Access
from .filters import CheckboxFilter, PersonFilter
from .listing import CountedAs
from .queries import REGISTRATION, attach_cases, attach_workshops, step_by_key, step_choices, visible_tasks

PAGE_SIZE = 25


class TaskFilterSet(WagtailFilterSet):
    step = django_filters.ChoiceFilter(label=_("Step"), choices=step_choices, method="filter_step", widget=Select)
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), queryset=Municipality.objects.all(), field_name=f"{REGISTRATION}__municipality",
        widget=Select)
    cohort = django_filters.ModelChoiceFilter(
        label=_("Cohort"), queryset=Cohort.objects.all(), field_name=f"{REGISTRATION}__cohort", widget=Select)
    overdue = CheckboxFilter(label=_("Only overdue"), method="filter_overdue")

    class Meta:
        model = Task
        fields = []

    def filter_step(self, queryset, name, value):
        node = step_by_key(value)
        return queryset.filter(flow_task=node) if node else queryset.none()

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(deadline__due_at__lt=timezone.now(), finished__isnull=True)


class AllTasksFilterSet(TaskFilterSet):
    owner = PersonFilter(
        label=_("Owner"),
        queryset=permissions.users_with(permissions.WORK_CASES).order_by("first_name", "last_name", "username"),
        null_label=_("Nobody (in the queue)"), widget=Select)


def step_label(task):
    """The step, and for a workshop's step which workshop ("Prepare the workshop (Management, 04.02.2027)")."""
    workshop = getattr(task, "workshop", None)
    return f"{task.flow_task.task_title} ({workshop})" if workshop else task.flow_task.task_title


class DueColumn(DateColumn):
    """The due date, with "Overdue" beside it while the task is open and late."""

    cell_template_name = "workflows/staff/cells/due.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["overdue"] = bool(instance.finished is None and context["raw_value"]
                                  and context["raw_value"] < timezone.now())
        return context


class ActionsColumn(Column):
    """Take, put back, give to a colleague: what this person may do with the task right now."""

    cell_template_name = "workflows/staff/cells/task_actions.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        user = parent_context["request"].user
        is_open = instance.finished is None
        context.update(
            instance=instance, request=parent_context["request"], csrf_token=get_token(parent_context["request"]),
            may_claim=is_open and instance.owner_id is None and instance.flow_task.can_assign(user, instance),
            may_release=is_open and instance.owner_id is not None and permissions.may_release(user, instance),
            may_reassign=is_open and permissions.may_reassign(user, instance),
        )
        return context


class CaseColumn(Column):
    """The municipality, linking to its case (a meeting's task has none)."""

    cell_template_name = "workflows/staff/cells/case.html"

    def get_value(self, instance):
        return instance.case


class TaskListView(Access, CountedAs, BaseListingView):
    """One of the three lists; `kind` is "inbox", "queue" or "archive"."""

    allowed = staticmethod(permissions.may_have_tasks)
    kind = None
    template_name = "workflows/staff/task_list.html"
    results_template_name = "workflows/staff/listing_results.html"
    header_icon = "tasks"
    paginate_by = PAGE_SIZE
    filterset_class = TaskFilterSet
    is_searchable = True
    search_fields = [f"{REGISTRATION}__municipality__name"]
    default_ordering = "due"
    verbose_name, verbose_name_plural = _("task"), _("tasks")
    # Wagtail's dashboard listing: below desktop width each row stacks (the step on a line of its own, then the
    # municipality, cohort, due date and actions), so a phone shows the due date without scrolling sideways.
    table_classname = "listing listing--dashboard"
    # Sort keys, as the column headers send them, and what they sort by (a due date comes first when there is one).
    SORTING = {
        "due": [F("deadline__due_at").asc(nulls_last=True), "pk"],
        "-due": [F("deadline__due_at").desc(nulls_last=True), "-pk"],
        "created": ["created", "pk"], "-created": ["-created", "-pk"],
        "finished": ["finished", "pk"], "-finished": ["-finished", "-pk"],
        "municipality": [F(f"{REGISTRATION}__municipality__name").asc(nulls_last=True), "pk"],
        "-municipality": [F(f"{REGISTRATION}__municipality__name").desc(nulls_last=True), "-pk"],
    }

    @property
    def task_url_name(self):
        """Where a row leads: the task's screen, or in the archive what was submitted in it."""
        return "staff_task_submitted" if self.kind == "archive" else "staff_task"

    @property
    def index_url_name(self):
        return f"staff_tasks:{self.kind}"

    @property
    def index_results_url_name(self):
        return f"staff_tasks:{self.kind}_results"

    @property
    def columns(self):
        columns = [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="task"),
            TitleColumn("step", label=_("Step"), accessor=step_label,
                        get_url=lambda task: reverse(self.task_url_name, args=[task.pk]),
                        get_title_id=lambda task: f"task_{task.pk}_title"),
            CaseColumn("municipality", label=_("Municipality"), sort_key="municipality"),
            Column("cohort", label=_("Cohort"), accessor=lambda task: task.case.cohort if task.case else ""),
        ]
        if self.kind == "archive":
            columns.append(DateColumn("finished", label=_("Completed"), sort_key="finished"))
        else:
            columns.append(DueColumn("due", label=_("Due"), accessor="deadline.due_at", sort_key="due"))
        if self.kind == "queue":
            columns.append(DateColumn("created", label=_("Created"), sort_key="created"))
        elif self.kind == "all":  # in My tasks and the archive the owner is always oneself
            columns.append(UserColumn("owner", label=_("Owner")))
        if self.kind != "archive":
            columns.append(ActionsColumn("actions", label=_("Actions")))
        return columns

    def get_valid_orderings(self):
        return list(self.SORTING)

    def order_queryset(self, queryset):
        return queryset.order_by(*self.SORTING[self.ordering])

    def get_base_queryset(self):
        user = self.request.user
        tasks = visible_tasks(user, Task.objects.select_related("deadline", "owner__wagtail_userprofile"))
        if self.kind == "all":
            return tasks.filter(finished__isnull=True)
        if self.kind == "inbox":
            return tasks.filter(owner=user, status=STATUS.ASSIGNED)
        if self.kind == "queue":
            return tasks.user_queue(user).filter(status=STATUS.NEW)
        return tasks.filter(owner=user, finished__isnull=False)

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = attach_workshops(attach_cases(object_list))
        return paginator, page, page.object_list, is_paginated

    def bulk_action_buttons(self):
        """Wagtail's bulk action buttons for tasks (`bulk_action_choices`), less "Take" in My tasks: every task
        there is already this person's."""
        actions = sorted((action for action in bulk_action_registry.get_bulk_actions_for_model("viewflow", "task")
                          if not (self.kind == "inbox" and action.action_type == "claim")),
                         key=lambda action: action.action_priority)
        return [ListingButton(action.display_name,
                              reverse("wagtail_bulk_action", args=["viewflow", "task", action.action_type]),
                              attrs={"aria-label": action.aria_label, "data-bulk-action-button": ""},
                              priority=action.action_priority, classname=" ".join(action.classes | {"bulk-action-btn"}))
                for action in actions]

    def get_context_data(self, **kwargs):
        return super().get_context_data(now=timezone.now(), kind=self.kind,
                                        bulk_action_buttons=self.bulk_action_buttons(), **kwargs)

    @property
    def no_results_message(self):
        if self.is_searching:
            return _("No tasks match your search.")
        if self.is_filtering:
            return _("No tasks match the filters.")
        if self.kind == "inbox" and not permissions.may_work_cases(self.request.user):
            return _("You have no open tasks.")  # competence partners have no queue to take one from
        return {
            "inbox": _("You have no open tasks. Take one from the queue, or enjoy the calm."),
            "queue": _("The queue is empty: every task has someone on it."),
            "archive": _("You have not completed any tasks yet."),
            "all": _("No open tasks."),
        }[self.kind]


class InboxView(TaskListView):
    kind = "inbox"
    page_title = _("My tasks")


class QueueView(TaskListView):
    kind = "queue"
    page_title = _("Queue")
    page_subtitle = _("The tasks my groups can take")


class ArchiveView(TaskListView):
    kind = "archive"
    page_title = _("Archive")
    default_ordering = "-finished"


class AllTasksView(TaskListView):
    """Every open task, for coordinators (the overview's figures link here)."""

    kind = "all"
    page_title = _("All open tasks")
    allowed = staticmethod(permissions.is_coordinator)
    filterset_class = AllTasksFilterSet
