from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    """The advisory programme: cohorts, information meetings, registrations and the course flows."""

    name = "workflows"
    verbose_name = _("Advisory programme")

    def ready(self):
        from . import signals  # noqa: F401
        from .backoffice import deadlines  # noqa: F401
