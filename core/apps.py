from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Plumbing that both `cms` and `workflows` use: the email outbox and the periodic-job scheduler.

    It lives apart from both apps because `workflows` must never import `cms`, and both send email.
    """

    name = "core"
    verbose_name = _("Platform")

    def ready(self):
        from . import signals  # noqa: F401  (anymail tracking webhook -> outbox status)
