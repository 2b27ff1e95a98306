"""The side panels of a task's screen (Wagtail's side-panel furniture, toggled from the header): the
municipality's answers, and the case's recent history."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.side_panels import BaseSidePanel

from ..registration.models import WorkArea
from .timeline import timeline

HISTORY_LENGTH = 8


class AnswersPanel(BaseSidePanel):
    class SidePanelToggle(BaseSidePanel.SidePanelToggle):
        aria_label = _("Show the municipality's answers")
        icon_name = "form"
        has_counter = False

    name = "answers"
    title = _("The municipality's answers")
    template_name = "workflows/staff/panels/answers.html"
    order = 10

    def get_context_data(self, parent_context):
        registration = self.object
        return {
            **super().get_context_data(parent_context), "registration": registration,
            "work_areas": [label for value, label in WorkArea.choices if value in registration.work_areas],
            "attended": registration.attended_information_meeting(), "position": registration.waiting_position(),
        }


class HistoryPanel(BaseSidePanel):
    class SidePanelToggle(BaseSidePanel.SidePanelToggle):
        aria_label = _("Show the case's history")
        icon_name = "history"
        has_counter = False

    name = "case_history"
    title = _("Recent history")
    template_name = "workflows/staff/panels/history.html"
    order = 20

    def get_context_data(self, parent_context):
        return {**super().get_context_data(parent_context), "events": timeline(self.object, limit=HISTORY_LENGTH)}
