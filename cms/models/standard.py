from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from ..blocks import BodyBlock
from .base import SitePage


class StandardPage(SitePage):
    """A plain page of text: the accessibility statement, privacy and cookie pages, "Om os" and the like."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = SitePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = SitePage.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    description_fields = ("intro", "body")

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")
