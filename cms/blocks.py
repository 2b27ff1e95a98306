"""StreamField blocks shared by the page types: one definition per kind of content."""

import copy

from django import forms
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

from workflows.outcomes import results
from workflows.outcomes.models import Indicator
from workflows.programme.models import Cohort

from .slugs import danish_slugify


class ReferenceBlock(blocks.StructBlock):
    """One literature reference, rendered in a reference list (author, year, title, publisher)."""

    author = blocks.CharBlock(label=_("Author"), help_text=_("For example: Johansen, G. K."))
    year = blocks.IntegerBlock(label=_("Year"), min_value=1900, max_value=2100)
    title = blocks.CharBlock(label=_("Title"))
    publisher = blocks.CharBlock(label=_("Publisher"), required=False)
    link = blocks.URLBlock(label=_("Link"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Reference")
        template = "cms/blocks/reference.html"


class StepBlock(blocks.StructBlock):
    """One step of a step-by-step guide; the guide numbers the steps in the order the editor puts them."""

    heading = blocks.CharBlock(label=_("Heading"))
    body = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ol", "ul", "document-link"])

    class Meta:
        icon = "list-ol"
        label = _("Step")


class QuestionBlock(blocks.StructBlock):
    """A question and its answer. The question text also gives the anchor that links straight to it."""

    question = blocks.CharBlock(label=_("Question"))
    answer = blocks.RichTextBlock(label=_("Answer"), features=["bold", "italic", "link", "ul", "ol", "document-link"])

    class Meta:
        icon = "help"
        label = _("Question")


class ThemeBlock(blocks.StructBlock):
    """A group of questions under one theme, such as "Peer-uddannelsen"."""

    title = blocks.CharBlock(label=_("Theme"))
    questions = blocks.ListBlock(QuestionBlock(), label=_("Questions"))

    class Meta:
        icon = "folder-open-inverse"
        label = _("Theme")


def slug_for(text):
    """A Danish-friendly slug (æ, ø, å spelt out) for page addresses and anchors: at most 80 characters, never empty."""
    return danish_slugify(text)[:80] or "punkt"


class PageLinkBlock(blocks.PageChooserBlock):
    """A chosen page that is shown as a link (main menu, related content): title, address and whether it is live.

    Wagtail loads the chosen pages of a stream whole, in one query sorted by tree position; a link needs a few
    fields and keeps the editor's order, so only those are loaded, unsorted. Other fields load on first use.
    """

    LINK_FIELDS = ("title", "url_path", "path", "live", "content_type")

    def bulk_to_python(self, values):
        pages = self.model_class.objects.only(*self.LINK_FIELDS).order_by().in_bulk(values)
        seen = set()
        result = []
        for pk in values:
            page = pages.get(pk)
            result.append(copy.copy(page) if page is not None and pk in seen else page)  # one instance per use
            seen.add(pk)
        return result


class MenuItemBlock(blocks.StructBlock):
    """A link in the main menu."""

    page = PageLinkBlock(label=_("Page"))
    label = blocks.CharBlock(label=_("Label"), required=False, help_text=_("Leave empty to use the page title."))

    class Meta:
        icon = "link"
        label = _("Menu item")


def indicator_choices():
    """Every indicator, each version its own choice: read when the editor's form is built, so that the migrations
    hold this function and not the indicators there were when they were made."""
    return [(str(indicator.pk), gettext("%(question)s (version %(version)s)") % {
        "question": indicator.label, "version": indicator.version}) for indicator in Indicator.objects.all()]


def cohort_choices():
    return [("", gettext("All cohorts")), *[(str(cohort.pk), str(cohort)) for cohort in
                                            Cohort.objects.select_related("programme").order_by("starts_on", "pk")]]


class StoredChoices:
    """A choice block whose keys are text (a row's pk) taken as stored. Wagtail gives each stored key back the type
    of its choice by listing the choices, which for choices read from the database is a query per value on every
    page view; the form field still checks a new choice against the list."""

    def normalize_choice(self, value):
        return None if value is None else str(value)


class IndicatorsChoiceBlock(StoredChoices, blocks.MultipleChoiceBlock):
    pass


class CohortChoiceBlock(StoredChoices, blocks.ChoiceBlock):
    pass


def _number(value):
    return floatformat(value, -1)  # 2, 2,5: the Danish way, no needless decimals


def in_words(start, end):
    """The change of the median from the start to the end of the course in a short sentence."""
    if end > start:
        return gettext("Rose from %(start)s to %(end)s") % {"start": _number(start), "end": _number(end)}
    if end < start:
        return gettext("Fell from %(start)s to %(end)s") % {"start": _number(start), "end": _number(end)}
    return gettext("Unchanged at %(value)s") % {"value": _number(start)}


class ResultsBlock(blocks.StructBlock):
    """What the courses achieve, live from the municipalities' self-assessments: for each chosen indicator the median
    answer at the start and at the end of the course and the median change, over every cohort or one.

    The figures come from `workflows.outcomes.results.published`, which applies the threshold (no figure about
    fewer than five municipalities) and caches them until the next assessment arrives; that assessment also retires
    the cached pages that show them. An indicator deleted since the editor chose it is left out."""

    heading = blocks.CharBlock(label=_("Heading"))
    intro = blocks.TextBlock(label=_("Introduction"), required=False)
    indicators = IndicatorsChoiceBlock(
        label=_("Indicators"), choices=indicator_choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("The questions of the self-assessment whose results are shown."))
    cohort = CohortChoiceBlock(label=_("Cohort"), choices=cohort_choices, required=False,
                               help_text=_("Leave it at all cohorts to count every municipality that answered."))

    class Meta:
        icon = "table"
        label = _("Results of the courses")
        template = "cms/blocks/results.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        cohort = Cohort.objects.filter(pk=value["cohort"]).first() if value["cohort"] else None
        figures = [] if value["cohort"] and cohort is None else results.published(value["indicators"], cohort)
        rows = [{"indicator": indicator, "start": start, "end": end, "change": change,
                 "in_words": in_words(start.median, end.median)}
                for indicator, start, end, change in figures if change.shown]
        context.update(cohort=cohort, rows=rows, minimum=results.MINIMUM_GROUP)
        return context


class BodyBlock(blocks.StreamBlock):
    """The body of articles and ordinary pages: text, sub-headings, quotes, images and the courses' results."""

    heading = blocks.CharBlock(
        label=_("Sub-heading"), form_classname="title", template="cms/blocks/heading.html",
        help_text=_("Shown as a level-2 heading; the page title is the only level-1 heading."),
    )
    paragraph = blocks.RichTextBlock(
        label=_("Text"), features=["bold", "italic", "link", "document-link", "ol", "ul", "h3"]
    )
    quote = blocks.BlockQuoteBlock(label=_("Quote"), template="cms/blocks/quote.html")
    image = ImageBlock(label=_("Image"), template="cms/blocks/image.html")
    results = ResultsBlock()

    class Meta:
        label = _("Body")


def document_list_field_blocks():
    """The blocks of a list of downloadable documents (shown with file type, size and download count)."""
    return [("document", DocumentChooserBlock(label=_("Document")))]


def related_pages_blocks(page_type=None):
    return [("page", PageLinkBlock(label=_("Page"), page_type=page_type))]


def results_field_blocks():
    """The blocks of a page's own "results of the courses" field, on page types without a body."""
    return [("results", ResultsBlock())]
