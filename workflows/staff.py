"""Staff case handling in viewflow's built-in UI at /sagsbehandling/ (inbox, queue, archive, process lists).

Sign-in is the Wagtail login (settings.LOGIN_URL): a signed-out adviser who follows a task link from an email is
sent to sign in rather than refused. The back office (`workflows.backoffice`: inbox, queue, archive, case pages)
lists the tasks and links into these task forms."""

from django.contrib.auth.decorators import login_required
from django.urls import URLResolver
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Site
from viewflow.workflow.flow import FlowAppViewset

from .course_flows import CourseFlow, WorkshopFlow
from .flows import MeetingFlow, ScreeningFlow, SeatOfferFlow


class StaffFlowViewset(FlowAppViewset):
    def has_view_permission(self, user, obj=None):
        # Signed-out visitors pass viewflow's check so that `login_required` can send them to the sign-in page.
        return not user.is_authenticated or super().has_view_permission(user, obj)


site = Site(
    title=_("Case handling"),
    viewsets=[
        StaffFlowViewset(ScreeningFlow, icon="assignment"),
        StaffFlowViewset(SeatOfferFlow, icon="event_seat"),
        StaffFlowViewset(MeetingFlow, icon="groups"),
        StaffFlowViewset(CourseFlow, icon="school"),
        StaffFlowViewset(WorkshopFlow, icon="diversity_3"),
    ],
)


def _require_login(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _require_login(pattern.url_patterns)
        else:
            pattern.callback = login_required(pattern.callback)


def urls():
    """The site's URLs, every view behind the sign-in; include once under the staff prefix."""
    patterns, app_name, namespace = site.urls
    _require_login(patterns)
    return patterns, app_name, namespace
