"""What every public page shares: cache headers, a contact box, what search engines and link previews read, and the
snippets pages point to."""

import html

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Exists, F, Max, OuterRef
from django.db.models.lookups import StartsWith
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from ..slugs import DanishSlugInput, danish_slugify

# How long a shared cache in front of the site (a CDN) may keep an anonymous visitor's copy of a public page.
PAGE_MAX_AGE = getattr(settings, "CMS_PAGE_MAX_AGE", 300)
# Search engines show about this many characters of a description.
DESCRIPTION_LENGTH = 160


def apply_cache_headers(request, response):
    """Anonymous visitors get a publicly cacheable copy; previews, POSTs, errors and signed-in editors never do.

    "public" is what lets the page cache (core.pagecache) and shared caches keep the page; browsers are told to ask
    again every time (max-age=0, must-revalidate), so a page published a moment ago is what the next load shows:
    publishing retires the page cache's copies at once, but nothing can reach into a browser's cache.
    """
    cacheable = (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not getattr(request, "is_preview", False)
        and not request.user.is_authenticated
    )
    if cacheable:
        patch_cache_control(response, public=True, max_age=0, s_maxage=PAGE_MAX_AGE, must_revalidate=True)
    else:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    return response


def exclude_private(pages):
    """`pages` without those in a private section (a page with a view restriction, and everything below it).

    Wagtail's `PageQuerySet.public()` gives the same answer, but first loads every view restriction in a query of its
    own; here the database checks them in a subquery of the listing's query.
    """
    restricted = PageViewRestriction.objects.filter(StartsWith(OuterRef("path"), F("page__path")))
    return pages.exclude(Exists(restricted))


def routed_ancestors(page):
    """The page's ancestors from the site's home page (depth 2) down, as loaded while routing; None if not loaded.

    Wagtail's `Page.route` keeps each parent on its child (treebeard's `_cached_parent_obj`, which `get_parent()`
    reads), so a page served by Wagtail knows its ancestors without asking the database again. Previews and pages
    fetched any other way do not, and get None.
    """
    ancestors = []
    while page.depth > 2:
        page = getattr(page, "_cached_parent_obj", None)
        if page is None:
            return None
        ancestors.append(page)
    return ancestors[::-1]


@register_snippet
class ContactPerson(index.Indexed, models.Model):
    """A named member of staff that visitors can write or call; pages choose one to show as a "Kontakt" box."""

    name = models.CharField(_("name"), max_length=100)
    job_title = models.CharField(_("job title"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("photo"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel(name) for name in ("name", "job_title", "email", "phone", "photo")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SitePage(Page):
    """Base of every public page type.

    It sets the cache headers (see `apply_cache_headers`), lets the editor attach a contact person, shown as a
    "Kontakt" box, and says what the page is to search engines and link previews (`meta_description`,
    `social_image`, `structured_data`; the head is written by the `page_meta` tag).
    """

    og_type = "website"
    # Where the description comes from when the editor left the search description empty: the first of these
    # fields that has text (of a body, its first paragraph).
    description_fields = ("intro",)

    contact_person = models.ForeignKey(
        ContactPerson, verbose_name=_("contact person"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("Shown as a 'Kontakt' box at the end of the page."),
    )

    promote_panels = [
        MultiFieldPanel(
            [FieldPanel("slug", widget=DanishSlugInput), FieldPanel("seo_title"), FieldPanel("search_description")],
            heading=_("For search engines"),
        ),
        MultiFieldPanel([FieldPanel("show_in_menus")], heading=_("For site menus")),
        FieldPanel("contact_person"),
    ]

    class Meta:
        abstract = True

    @cached_property
    def meta_description(self):
        """The editor's search description, else the page's own text, shortened to what search engines show."""
        if self.search_description:
            return self.search_description
        for name in self.description_fields:
            text = self._text_of(name)
            if len(text) > DESCRIPTION_LENGTH:
                return text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:.–-") + "…"
            if text:
                return text
        return ""

    def _text_of(self, name):
        """Field `name` as plain text on one line; of a rich-text field its text, of a body its first paragraph."""
        value, field = getattr(self, name), self._meta.get_field(name)
        if isinstance(field, StreamField):
            value = next((block.value.source for block in value if block.block_type == "paragraph"), "")
        if isinstance(field, (StreamField, RichTextField)):
            value = html.unescape(strip_tags(value))
        return " ".join(str(value).split())

    @property
    def social_image(self):
        """The image link previews show; None gives the site's default image. Page types with an image say so."""
        return None

    def structured_data(self, request, url, image_url):
        """What this page is in schema.org terms (a dict the head gives as JSON-LD), or None.

        `url` is the page's canonical address, `image_url` the absolute address of its preview image.
        """
        return None

    def full_clean(self, *args, **kwargs):
        """A new page's address has æ, ø and å spelt out (cms.slugs), whether the slug is made from the title here (as
        Wagtail would, once the parent is known) or was given with Danish letters. Existing pages keep theirs."""
        if self._state.adding:
            if self.slug:
                self.slug = danish_slugify(self.slug)
            elif self.title and (self.path or getattr(self, "_cached_parent_obj", None)):
                self.slug = self._get_autogenerated_slug(danish_slugify(self.title))
        super().full_clean(*args, **kwargs)

    def get_sitemap_urls(self, request=None):
        """Wagtail's sitemap entry, whose `lastmod` is when the page was last published; for a page with children
        (a listing, the home page's latest news) the newest of that and its live children's publication."""
        [entry] = super().get_sitemap_urls(request)
        if self.numchild:
            newest_child = self.get_children().live().aggregate(newest=Max("last_published_at"))["newest"]
            entry["lastmod"] = max(filter(None, [entry["lastmod"], newest_child]), default=None)
        return [entry]

    def serve(self, request, *args, **kwargs):
        return apply_cache_headers(request, super().serve(request, *args, **kwargs))

    def route(self, request, path_components):
        """Wagtail's routing, with one query for the child instead of two where this page type allows one child type.

        Wagtail finds the child as a plain page, then loads it again as its own type. The news index can only hold
        articles, so the article is looked up as an article directly. A child that is not found that way (there is
        none, or an older page of another type) goes through Wagtail's routing as before.
        """
        child_models = self.allowed_subpage_models()
        if path_components and len(child_models) == 1:
            try:
                child = child_models[0]._default_manager.child_of(self).get(slug=path_components[0])
            except ObjectDoesNotExist:
                pass
            else:
                child._cached_parent_obj = self  # as Wagtail does: get_parent() and `routed_ancestors` read it
                return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_view_restrictions(self):
        """The view restrictions on this page and its ancestors, found by their paths.

        Wagtail's version first loads the ancestors to see whether any is an alias (whose source's restrictions
        then apply). When routing has already loaded them and none is an alias, the ancestors' paths are simply the
        leading parts of this page's path, and one query finds the restrictions.
        """
        ancestors = routed_ancestors(self)
        if ancestors is None or any(page.alias_of_id for page in [*ancestors, self]):
            return super().get_view_restrictions()
        paths = [self.path[: self.steplen * depth] for depth in range(1, self.depth + 1)]
        return PageViewRestriction.objects.filter(page__path__in=paths)
