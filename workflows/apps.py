from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    """The advisory programme: cohorts, information meetings, registrations and the course flows."""

    name = "workflows"
    verbose_name = _("Advisory programme")

    def ready(self):
        # The flows hand their start nodes to `processes` as they are defined; the signals connect model events.
        from . import signals  # noqa: F401
        from .course import flows as course_flows  # noqa: F401
        from .meetings import flows as meeting_flows  # noqa: F401
        from .registration import flows as registration_flows  # noqa: F401
