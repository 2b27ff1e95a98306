from urllib.parse import urljoin

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField

from workflows.registration.overview import programme_overview

from .base import SitePage, exclude_private
from .settings import SiteSettings

# The home page's heading until an editor writes one: what the site is for, never the page's title ("Forside").
DEFAULT_HEADING = "Peer-støtte i kommunernes socialpsykiatri"


class HomePage(SitePage):
    """The front door for municipal staff and citizens: what peer support is and where to go next.

    It shows the latest news, the call to action for the advisory course (the text is the editor's; live deadline
    and seat figures are added by `templates/cms/includes/programme_cta.html`) and entry points: the sections
    below the home page that editors mark "Show in menus" (guides, publications, ...), with their search description.
    There is exactly one, at the root of the site.
    """

    heading = models.CharField(
        _("heading"), max_length=120, default=DEFAULT_HEADING,
        help_text=_("The page's visible main heading. The title is only used in menus and the browser tab."),
    )
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    cta_heading = models.CharField(_("heading"), max_length=120, blank=True)
    cta_text = models.TextField(_("text"), blank=True)
    cta_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("link to"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("The page that tells municipalities how to sign up."),
    )

    content_panels = SitePage.content_panels + [
        FieldPanel("heading"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("cta_heading"), FieldPanel("cta_text"), FieldPanel("cta_page")],
            heading=_("Call to action: the advisory course"),
        ),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    description_fields = ("intro", "cta_text")

    class Meta:
        verbose_name = _("home page")

    def structured_data(self, request, url, image_url):
        """schema.org Organization (the agency, with its contact details) and WebSite (with its search)."""
        site_settings = SiteSettings.load(request_or_site=request)
        organisation = {"@type": "Organization", "@id": f"{url}#organisation", "name": site_settings.organisation,
                        "url": url}
        if site_settings.email:
            organisation["email"] = site_settings.email
        if site_settings.phone:
            organisation["telephone"] = site_settings.phone
        if site_settings.address:
            organisation["address"] = ", ".join(line.strip() for line in site_settings.address.splitlines())
        website = {
            "@type": "WebSite", "@id": f"{url}#website", "name": settings.WAGTAIL_SITE_NAME, "url": url,
            "inLanguage": "da", "publisher": {"@id": organisation["@id"]},
            "potentialAction": {
                "@type": "SearchAction", "target": urljoin(url, reverse("search")) + "?q={search_term_string}",
                "query-input": "required name=search_term_string",
            },
        }
        return {"@context": "https://schema.org", "@graph": [organisation, website]}

    def get_context(self, request, *args, **kwargs):
        from .news import NewsArticlePage
        from .programme import ProgrammePage

        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = NewsArticlePage.objects.for_listing()[:3]
        context["entry_points"] = exclude_private(self.get_children().live().in_menu())
        if self.cta_page_id:
            # One query whether or not the link goes to a programme page; a programme page, with its programme,
            # then also serves as the link itself.
            programme_page = ProgrammePage.objects.select_related("programme").filter(pk=self.cta_page_id).first()
            if programme_page is not None:
                self.cta_page = programme_page
                context["programme_overview"] = programme_overview(programme_page.programme)
        return context
