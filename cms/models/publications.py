from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from ..blocks import document_list_field_blocks, results_field_blocks
from ..pagination import int_param, paginate
from .base import SitePage, exclude_private


class PublicationTopic(TaggedItemBase):
    content_object = ParentalKey("cms.PublicationPage", on_delete=models.CASCADE, related_name="tagged_topics")


class PublicationIndexPage(SitePage):
    """All reports, guides and evaluations to download, filterable by issuer, year and topic."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = SitePage.content_panels + [FieldPanel("intro")]
    subpage_types = ["cms.PublicationPage"]
    max_count = 1

    class Meta:
        verbose_name = _("publication index")

    def publications(self):
        """Live, public publications with only what the listing shows, and their topics in one more query."""
        return (
            exclude_private(PublicationPage.objects.child_of(self).live())
            .only("title", "url_path", "issuer", "year", "summary")
            .prefetch_related("topics").order_by("-year", "title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        all_publications = self.publications()
        publications = all_publications
        issuer = request.GET.get("udgiver", "")
        year = int_param(request, "aar")
        topic = request.GET.get("emne", "")
        if issuer:
            publications = publications.filter(issuer=issuer)
        if year:
            publications = publications.filter(year=year)
        if topic:
            publications = publications.filter(topics__slug=topic)
        # The filters' choices: every issuer and year there is, from the distinct pairs of them (one query).
        issuers_years = set(all_publications.order_by().values_list("issuer", "year").distinct())
        context.update(
            publications=paginate(request, publications),
            issuers=sorted({issuer for issuer, _year in issuers_years}),
            years=sorted({year for _issuer, year in issuers_years}, reverse=True),
            topics=PublicationTopic.tag_model().objects.filter(
                cms_publicationtopic_items__content_object__in=all_publications
            ).distinct().order_by("name"),
            selected_issuer=issuer, selected_year=year, selected_topic=topic,
        )
        return context


class PublicationPage(SitePage):
    """One publication: who issued it and when, what it covers, and a prominent download for each document."""

    issuer = models.CharField(_("issuer"), max_length=150, help_text=_("For example: Socialstyrelsen."))
    year = models.PositiveSmallIntegerField(_("year"))
    summary = models.TextField(_("summary"))
    covers = StreamField(
        [("point", blocks.CharBlock(label=_("Point")))], verbose_name=_("what it covers"), blank=True,
        help_text=_("Short points, shown as a list."),
    )
    documents = StreamField(document_list_field_blocks(), verbose_name=_("documents"))
    results = StreamField(results_field_blocks(), verbose_name=_("results of the courses"), blank=True)
    topics = ClusterTaggableManager(through=PublicationTopic, verbose_name=_("topics"), blank=True)

    content_panels = SitePage.content_panels + [
        MultiFieldPanel([FieldPanel("issuer"), FieldPanel("year"), FieldPanel("topics")], heading=_("About")),
        FieldPanel("summary"), FieldPanel("covers"), FieldPanel("documents"), FieldPanel("results"),
    ]
    search_fields = SitePage.search_fields + [
        index.SearchField("summary"), index.SearchField("issuer"), index.SearchField("covers"),
    ]
    parent_page_types = ["cms.PublicationIndexPage"]
    subpage_types = []
    description_fields = ("summary",)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def structured_data(self, request, url, image_url):
        """schema.org Report: who issued it and when, so search engines can list it as a publication."""
        data = {
            "@context": "https://schema.org",
            "@type": "Report",
            "name": self.title,
            "description": self.summary,
            "datePublished": str(self.year),
            "publisher": {"@type": "Organization", "name": self.issuer},
            "url": url,
            "inLanguage": "da",
        }
        topics = [topic.name for topic in self.topics.all()]
        if topics:
            data["keywords"] = ", ".join(topics)
        return data
