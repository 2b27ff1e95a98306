"""The workspace in the Wagtail admin: its addresses, its menu (with the task counts the lists show), its dashboard
panels and its bulk actions. Nobody sees a menu item they cannot open: each asks the check its view asks."""

from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component

from .. import permissions
from ..municipality import tasks as municipality_tasks
from . import bulk_actions, calendar, cases, overview, results, task_actions, task_lists, task_screen
from .queries import attach_cases, visible_tasks
from .results_export import ResultsExportView
from .workshop_feedback import WorkshopFeedbackView

task_urls = [
    path("", task_lists.InboxView.as_view(), name="inbox"),
    path("resultater/", task_lists.InboxView.as_view(results_only=True), name="inbox_results"),
    path("koe/", task_lists.QueueView.as_view(), name="queue"),
    path("koe/resultater/", task_lists.QueueView.as_view(results_only=True), name="queue_results"),
    path("arkiv/", task_lists.ArchiveView.as_view(), name="archive"),
    path("arkiv/resultater/", task_lists.ArchiveView.as_view(results_only=True), name="archive_results"),
    path("alle/", task_lists.AllTasksView.as_view(), name="all"),
    path("alle/resultater/", task_lists.AllTasksView.as_view(results_only=True), name="all_results"),
]
case_urls = [
    path("", cases.CaseListView.as_view(), name="index"),
    path("resultater/", cases.CaseListView.as_view(results_only=True), name="index_results"),
]


@hooks.register("register_admin_urls")
def register_workspace_urls():
    return [
        path("opgaver/", include((task_urls, "staff_tasks"))),
        path("opgaver/<int:task_id>/", task_screen.TaskScreen.as_view(), name="staff_task"),
        path("opgaver/<int:task_id>/indsendt/", task_screen.SubmittedScreen.as_view(), name="staff_task_submitted"),
        path("opgaver/<int:task_id>/tag/", task_actions.claim_view, name="staff_task_claim"),
        path("opgaver/<int:task_id>/slip/", task_actions.release_view, name="staff_task_release"),
        path("opgaver/<int:task_id>/videregiv/", task_actions.reassign_view, name="staff_task_reassign"),
        path("sager/", include((case_urls, "staff_cases"))),
        path("sager/<int:pk>/", cases.CaseView.as_view(), name="staff_case"),
        path("sager/<int:pk>/noter/", cases.AddNoteView.as_view(), name="staff_case_note"),
        path("sager/<int:pk>/noter/<int:note_pk>/", cases.EditNoteView.as_view(), name="staff_case_edit_note"),
        path("sager/<int:pk>/skriv/", cases.WriteToMunicipalityView.as_view(), name="staff_case_write"),
        path("sager/<int:pk>/bilag/<int:attachment_pk>/", cases.download_attachment, name="staff_case_attachment"),
        path("sager/<int:pk>/dokumenter/del/", cases.ShareDocumentView.as_view(), name="staff_case_share"),
        path("sager/<int:pk>/dokumenter/<int:document_pk>/", cases.download_document, name="staff_case_document"),
        path("sager/<int:pk>/dokumenter/<int:document_pk>/slet/", cases.DeleteDocumentView.as_view(),
             name="staff_case_delete_document"),
        path("sager/<int:pk>/deltagere/", cases.EnrolView.as_view(), name="staff_case_enrol"),
        path("sager/<int:pk>/moduler/<int:enrolment_pk>/gennemfoert/", cases.complete_module,
             name="staff_case_complete_module"),
        path("sager/<int:pk>/moduler/<int:enrolment_pk>/fortryd/", cases.undo_completion,
             name="staff_case_undo_completion"),
        path("sager/<int:pk>/afmeld/", cases.WithdrawView.as_view(), name="staff_case_withdraw"),
        path("sager/<int:pk>/kommunens-opgaver/<int:task_id>/udfyld/", cases.FillInView.as_view(),
             name="staff_case_fill_in"),
        path("sager/<int:pk>/kommunens-opgaver/<int:task_id>/fortsaet-uden/", cases.GoOnView.as_view(),
             name="staff_case_go_on"),
        path("kalender/", calendar.CalendarView.as_view(), name="staff_calendar"),
        path("kalender/abonnement/", calendar.renew_feed, name="staff_calendar_renew"),
        path("overblik/", overview.OverviewView.as_view(), name="staff_overview"),
        path("overblik/eksport.<str:fmt>", overview.OverviewExportView.as_view(), name="staff_overview_export"),
        path("overblik/resultater/", results.ResultsView.as_view(), name="staff_results"),
        path("overblik/resultater/hold/<int:pk>/", results.CohortResultsView.as_view(), name="staff_results_cohort"),
        path("overblik/resultater/sager/<int:pk>/", results.CaseResultsView.as_view(), name="staff_results_case"),
        path("overblik/resultater/eksport.<str:fmt>", ResultsExportView.as_view(), name="staff_results_export"),
        path("workshopevalueringer/", WorkshopFeedbackView.as_view(), name="staff_workshop_feedback"),
    ]


for action_class in (bulk_actions.ClaimBulkAction, bulk_actions.ReleaseBulkAction, bulk_actions.ReassignBulkAction):
    hooks.register("register_bulk_action", action_class)


def task_counts(user):
    """The figures the menu and the dashboard show, counted as the lists count them."""
    tasks = visible_tasks(user, Task.objects.all())
    inbox = tasks.filter(owner=user, status=STATUS.ASSIGNED)
    return {
        "inbox": inbox.count(),
        "overdue": inbox.filter(deadline__due_at__lt=timezone.now()).count(),
        "queue": tasks.user_queue(user).filter(status=STATUS.NEW).count(),
    }


class CheckedMenuItem(MenuItem):
    """A menu item shown to those its view lets in."""

    def __init__(self, label, url, check, **kwargs):
        super().__init__(label, url, **kwargs)
        self.check = check

    def is_shown(self, request):
        return self.check(request.user)


class CountedMenuItem(CheckedMenuItem):
    """"My tasks (3)": the count is read once per request, for the menu and the dashboard alike."""

    def __init__(self, label, url, check, count_key, **kwargs):
        super().__init__(label, url, check, **kwargs)
        self.count_key = count_key

    def render_component(self, request):
        component = super().render_component(request)
        count = counts_for(request)[self.count_key]
        if count:
            component.label = f"{component.label} ({count})"
        return component


def counts_for(request):
    if not hasattr(request, "_task_counts"):
        request._task_counts = task_counts(request.user)
    return request._task_counts


class WorkspaceMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return permissions.may_have_tasks(request.user)


@hooks.register("register_admin_menu_item")
def register_workspace_menu():
    menu = Menu(items=[
        CountedMenuItem(_("My tasks"), reverse("staff_tasks:inbox"), permissions.may_have_tasks, "inbox",
                        name="my-tasks", icon_name="tasks", order=10),
        CountedMenuItem(_("Queue"), reverse("staff_tasks:queue"), permissions.may_work_cases, "queue",
                        name="queue", icon_name="list-ul", order=20),
        CheckedMenuItem(_("Archive"), reverse("staff_tasks:archive"), permissions.may_have_tasks, name="archive",
                        icon_name="history", order=30),
        CheckedMenuItem(_("All open tasks"), reverse("staff_tasks:all"), permissions.is_coordinator,
                        name="all-tasks", icon_name="list-ol", order=40),
        CheckedMenuItem(_("Cases"), reverse("staff_cases:index"), permissions.may_have_tasks, name="cases",
                        icon_name="folder-open-inverse", order=50),
        CheckedMenuItem(_("Calendar"), reverse("staff_calendar"), permissions.may_work_cases, name="calendar",
                        icon_name="date", order=60),
        CheckedMenuItem(_("Overview"), reverse("staff_overview"), permissions.is_coordinator, name="overview",
                        icon_name="view", order=70),
        CheckedMenuItem(_("Results"), reverse("staff_results"), permissions.is_coordinator, name="results",
                        icon_name="table", order=75),
        CheckedMenuItem(_("Workshop evaluations"), reverse("staff_workshop_feedback"), permissions.may_work_cases,
                        name="workshop-feedback", icon_name="comment", order=80),
    ])
    return WorkspaceMenuItem(_("Case handling"), menu, name="case-handling", icon_name="tasks", order=50)


class TasksPanel(Component):
    name = "workspace_tasks"
    order = 50
    template_name = "workflows/staff/dashboard/tasks.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        works_cases = permissions.may_work_cases(user)
        return {**counts_for(self.request), "agenda": calendar.agenda(user)[:5], "may_work_cases": works_cases,
                "behind": attach_cases(municipality_tasks.overdue(lead_adviser=user)) if works_cases else []}


class OverviewPanel(Component):
    name = "workspace_overview"
    order = 60
    template_name = "workflows/staff/dashboard/overview.html"

    def get_context_data(self, parent_context=None):
        return {"chart": overview.phases_chart()}


@hooks.register("construct_homepage_panels")
def add_workspace_panels(request, panels):
    if permissions.may_have_tasks(request.user):
        panels.append(TasksPanel(request))
    if permissions.is_coordinator(request.user):
        panels.append(OverviewPanel())
