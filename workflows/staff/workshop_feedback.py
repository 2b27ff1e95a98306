"""The participants' anonymous workshop evaluations, per workshop type (`course.feedback.results`): an adviser sees
those about the workshops of the cases they lead, a coordinator every workshop's. A type's figures and comments show
only once `MINIMUM_GROUP` answers stand behind them, and never with a workshop or a day.

There is no narrowing (by cohort, say) on purpose: set beside the whole, a narrowed page would disclose the answers
left out, a group that may be smaller than the threshold."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import permissions
from ..course import feedback
from ..course.models import WorkshopFeedback
from ..outcomes.results import MINIMUM_GROUP
from .access import Access


def visible_feedback(user):
    """The evaluations `user` may read: every one for a coordinator, else those about the workshops of the cases
    they lead."""
    rows = WorkshopFeedback.objects.all()
    return rows if permissions.is_coordinator(user) else rows.filter(workshop__course__registration__lead_adviser=user)


class WorkshopFeedbackView(Access, WagtailAdminTemplateMixin, TemplateView):
    allowed = staticmethod(permissions.may_work_cases)
    template_name = "workflows/staff/workshop_feedback.html"
    page_title = _("Workshop evaluations")
    header_icon = "comment"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(results=feedback.results(visible_feedback(self.request.user)),
                                         minimum=MINIMUM_GROUP, everyone=permissions.is_coordinator(self.request.user),
                                         **kwargs)
