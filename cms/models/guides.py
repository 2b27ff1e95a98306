from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from ..blocks import ReferenceBlock, StepBlock, related_pages_blocks
from .base import SitePage, exclude_private


class GuideIndexPage(SitePage):
    """The list of step-by-step guides ("trin-for-trin"), for staff who have to do something concrete."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = SitePage.content_panels + [FieldPanel("intro")]
    subpage_types = ["cms.GuidePage"]

    class Meta:
        verbose_name = _("guide index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        guides = exclude_private(GuidePage.objects.child_of(self).live())
        context["guides"] = guides.defer_streamfields().order_by("title")
        return context


class GuidePage(SitePage):
    """A step-by-step guide: numbered steps in the editor's order, then the literature it builds on.

    The references are structured (author, year, title, publisher, link) so they render as a consistent reference
    list instead of free text each editor formats differently.
    """

    intro = models.TextField(_("introduction"), help_text=_("Who the guide is for and what it helps with."))
    steps = StreamField([("step", StepBlock())], verbose_name=_("steps"))
    references = StreamField([("reference", ReferenceBlock())], verbose_name=_("literature"), blank=True)
    related = StreamField(
        related_pages_blocks("cms.GuidePage"), verbose_name=_("related guides"), blank=True
    )

    content_panels = SitePage.content_panels + [
        FieldPanel("intro"), FieldPanel("steps"), FieldPanel("references"), FieldPanel("related"),
    ]
    search_fields = SitePage.search_fields + [index.SearchField("intro"), index.SearchField("steps")]
    parent_page_types = ["cms.GuideIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
