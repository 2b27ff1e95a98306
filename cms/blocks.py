"""StreamField blocks shared by the page types: one definition per kind of content."""

import copy

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

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


class BodyBlock(blocks.StreamBlock):
    """The body of articles and ordinary pages: text, sub-headings, quotes and images."""

    heading = blocks.CharBlock(
        label=_("Sub-heading"), form_classname="title", template="cms/blocks/heading.html",
        help_text=_("Shown as a level-2 heading; the page title is the only level-1 heading."),
    )
    paragraph = blocks.RichTextBlock(
        label=_("Text"), features=["bold", "italic", "link", "document-link", "ol", "ul", "h3"]
    )
    quote = blocks.BlockQuoteBlock(label=_("Quote"), template="cms/blocks/quote.html")
    image = ImageBlock(label=_("Image"), template="cms/blocks/image.html")

    class Meta:
        label = _("Body")


def document_list_field_blocks():
    """The blocks of a list of downloadable documents (shown with file type, size and download count)."""
    return [("document", DocumentChooserBlock(label=_("Document")))]


def related_pages_blocks(page_type=None):
    return [("page", PageLinkBlock(label=_("Page"), page_type=page_type))]
