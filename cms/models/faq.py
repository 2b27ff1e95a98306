from django.db import models
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from ..blocks import ThemeBlock, document_list_field_blocks, slug_for
from .base import SitePage


class FAQPage(SitePage):
    """Frequently asked questions, grouped by theme, each with a link of its own.

    The page carries schema.org FAQPage markup (`structured_data`) so search engines can show the answers, and ends
    with the contact form for the question that was not answered.
    """

    intro = models.TextField(_("introduction"), blank=True)
    themes = StreamField([("theme", ThemeBlock())], verbose_name=_("themes"))
    documents = StreamField(
        document_list_field_blocks(), verbose_name=_("documents"), blank=True,
        help_text=_("Material the answers refer to, shown with file type, size and download count."),
    )
    contact_form = models.ForeignKey(
        "cms.ContactPage", verbose_name=_("contact form"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("Shown at the end of the page."),
    )

    content_panels = SitePage.content_panels + [
        FieldPanel("intro"), FieldPanel("themes"), FieldPanel("documents"), FieldPanel("contact_form"),
    ]
    search_fields = SitePage.search_fields + [index.SearchField("intro"), index.SearchField("themes")]

    class Meta:
        verbose_name = _("FAQ page")

    @cached_property
    def grouped_questions(self):
        """[(theme, [(anchor, question, answer), ...]), ...] with anchors unique on the page."""
        seen = set()
        groups = []
        for block in self.themes:
            items = []
            for question in block.value["questions"]:
                slug = base = slug_for(question["question"])
                n = 2
                while slug in seen:
                    slug, n = f"{base}-{n}", n + 1
                seen.add(slug)
                items.append((slug, question["question"], question["answer"]))
            groups.append((block.value["title"], items))
        return groups

    def structured_data(self, request, url, image_url):
        """schema.org FAQPage, so search engines can show the answers."""
        return {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "mainEntity": [
                {"@type": "Question", "name": question,
                 "acceptedAnswer": {"@type": "Answer", "text": strip_tags(str(answer)).strip()}}
                for _theme, questions in self.grouped_questions for _slug, question, answer in questions
            ],
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["groups"] = self.grouped_questions
        contact = self.contact_form
        if contact and contact.live:
            context["contact_page"] = contact
            context["form"] = contact.get_form(page=contact, user=request.user)
        return context
