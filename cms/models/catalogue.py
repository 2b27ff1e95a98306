from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from ..blocks import ReferenceBlock, document_list_field_blocks, results_field_blocks
from .base import SitePage, exclude_private

RICH = ["bold", "italic", "link", "ul", "ol", "document-link"]
ONE_PER_LINE = _("One item per line.")


class Context(models.TextChoices):
    """Where a peer-support model has been tried."""

    BED_WARD = "sengeafsnit", _("Bed ward")
    SUPPORTED_HOUSING = "botilbud", _("Supported housing")
    DROP_IN = "vaeresteder", _("Drop-in and activity centre")
    MUNICIPAL = "kommunalt", _("Municipal service")
    REGIONAL = "regional", _("Regional psychiatry")


class ModelCatalogueIndexPage(SitePage):
    """The catalogue of tried peer-support models, filterable by the context they were tried in."""

    intro = models.TextField(_("introduction"), blank=True)
    results = StreamField(results_field_blocks(), verbose_name=_("results of the courses"), blank=True)

    content_panels = SitePage.content_panels + [FieldPanel("intro"), FieldPanel("results")]
    subpage_types = ["cms.PeerSupportModelPage"]
    max_count = 1

    class Meta:
        verbose_name = _("model catalogue")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        models_ = exclude_private(
            PeerSupportModelPage.objects.child_of(self).live()
        ).defer_streamfields().order_by("title")
        selected = request.GET.get("kontekst", "")
        if selected in Context.values:
            models_ = models_.filter(context=selected)
        context.update(peer_models=models_, contexts=Context.choices, selected_context=selected)
        return context


class PeerSupportModelPage(SitePage):
    """One peer-support model, described in the same structure as the national model catalogue.

    Every model answers the same questions (target group and goal, context, logic model, organisation, cost,
    recommendations, references), so municipalities can compare them side by side.
    """

    target_group = models.TextField(_("target group"))
    goal = models.TextField(_("goal"))
    context = models.CharField(_("context"), max_length=20, choices=Context.choices)
    context_description = RichTextField(_("about the context"), features=RICH, blank=True)
    resources = models.TextField(_("resources"), help_text=ONE_PER_LINE)
    activities = models.TextField(_("activities"), help_text=ONE_PER_LINE)
    outputs = models.TextField(_("outputs"), help_text=ONE_PER_LINE)
    effects = models.TextField(_("effects"), help_text=ONE_PER_LINE)
    organisation = RichTextField(_("organisational requirements"), features=RICH)
    costs = RichTextField(_("cost assessment"), features=RICH)
    recommendations = RichTextField(_("recommendations"), features=RICH)
    references = StreamField([("reference", ReferenceBlock())], verbose_name=_("references"), blank=True)
    appendices = StreamField(document_list_field_blocks(), verbose_name=_("appendices"), blank=True)

    content_panels = SitePage.content_panels + [
        MultiFieldPanel([FieldPanel("target_group"), FieldPanel("goal")], heading=_("Target group and goal")),
        MultiFieldPanel([FieldPanel("context"), FieldPanel("context_description")], heading=_("Context")),
        MultiFieldPanel(
            [FieldPanel("resources"), FieldPanel("activities"), FieldPanel("outputs"), FieldPanel("effects")],
            heading=_("Logic model"),
        ),
        FieldPanel("organisation"), FieldPanel("costs"), FieldPanel("recommendations"),
        FieldPanel("references"), FieldPanel("appendices"),
    ]
    search_fields = SitePage.search_fields + [
        index.SearchField("target_group"), index.SearchField("goal"), index.SearchField("recommendations"),
        index.FilterField("context"),
    ]
    parent_page_types = ["cms.ModelCatalogueIndexPage"]
    subpage_types = []
    description_fields = ("goal",)

    class Meta:
        verbose_name = _("peer-support model")
        verbose_name_plural = _("peer-support models")

    @property
    def logic_model(self):
        """The four columns of the logic model, each a list of items, in the order they are read."""
        columns = [
            (_("Resources"), self.resources), (_("Activities"), self.activities),
            (_("Outputs"), self.outputs), (_("Effects"), self.effects),
        ]
        return [(heading, [line.strip() for line in text.splitlines() if line.strip()]) for heading, text in columns]
