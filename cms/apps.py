from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """The public website: Wagtail page models, snippets, settings, feeds and search."""

    name = "cms"
    verbose_name = _("Website")

    def ready(self):
        from . import signals

        signals.connect()
