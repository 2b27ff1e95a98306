from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from workflows.registration.overview import programme_overview

from ..blocks import BodyBlock
from .base import SitePage


class ProgrammePage(SitePage):
    """The public face of an advisory programme: the editor writes what the course offers; the cohorts, deadlines,
    seats left and upcoming information meetings come live from the programme's data in `workflows`, so the page
    never states a deadline or a seat count that coordinators have since changed."""

    programme = models.ForeignKey(
        "workflows.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="+",
        help_text=_("Cohorts, deadlines, seats and information meetings are shown live from this programme."),
    )
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = SitePage.content_panels + [FieldPanel("programme"), FieldPanel("intro"), FieldPanel("body")]
    search_fields = SitePage.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    description_fields = ("intro", "body")

    class Meta:
        verbose_name = _("programme page")
        verbose_name_plural = _("programme pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["overview"] = programme_overview(self.programme)
        return context
