"""The back office inside the Wagtail admin, so staff have one place to start: a menu entry, a dashboard panel
with the user's task counts, and the competence module catalogue for coordinators."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.model import ModelViewSet

from ..models import CompetenceModule
from .access import is_staff_member
from .tasks import FLOWS


class BackOfficeMenuItem(MenuItem):
    def is_shown(self, request):
        return is_staff_member(request.user)


class TaskCountsPanel(Component):
    name = "backoffice_tasks"
    order = 50
    template_name = "workflows/backoffice/home_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        inbox = Task.objects.inbox(FLOWS, self.user)
        return {
            "inbox": inbox.count(),
            "overdue": inbox.filter(deadline__due_at__lt=timezone.now()).count(),
            "queue": Task.objects.queue(FLOWS, self.user).count(),
            "inbox_url": reverse("backoffice:inbox"),
            "queue_url": reverse("backoffice:queue"),
        }


class CompetenceModuleViewSet(ModelViewSet):
    model = CompetenceModule
    icon = "doc-full"
    menu_label = _("Competence modules")
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["title", "audience", "mandatory", "provider", "starts_on", "ends_on"]
    list_filter = ["programme", "audience", "mandatory", "provider"]
    form_fields = ["programme", "title", "audience", "mandatory", "provider", "starts_on", "ends_on"]


@hooks.register("register_admin_menu_item")
def register_backoffice_menu_item():
    return BackOfficeMenuItem(_("Case handling"), reverse("backoffice:inbox"), icon_name="tasks", order=250)


@hooks.register("construct_homepage_panels")
def add_task_counts_panel(request, panels):
    if is_staff_member(request.user):
        panels.append(TaskCountsPanel(request.user))


@hooks.register("register_admin_viewset")
def register_competence_modules():
    return CompetenceModuleViewSet("competence_modules")
