import json
from urllib.parse import urljoin

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .. import frame
from ..models import SitePage, routed_ancestors
from ..pagination import PAGE_PARAM

register = template.Library()

# What search engines and link previews get where a page has nothing of its own (and on views that are not pages).
SITE_DESCRIPTION = _(
    "Knowledge and advice for municipalities on involving peers – people with lived experience of mental illness "
    "and recovery – in social psychiatry."
)
SITE_IMAGE = "img/og-default.png"
SOCIAL_IMAGE_FILTER = "fill-1200x630|format-jpeg"


@register.simple_tag
def breadcrumbs(page):
    """The page's ancestors from the home page down; empty on the home page itself.

    A page Wagtail routed to already holds them (`routed_ancestors`); otherwise one query.
    """
    if not isinstance(page, Page) or page.depth <= 2:
        return []
    ancestors = routed_ancestors(page)
    if ancestors is not None:
        return ancestors
    return list(page.get_ancestors().filter(depth__gte=2).only("title", "url_path", "depth", "path"))


@register.simple_tag(takes_context=True)
def site_frame(context):
    """The main menu and the footer (`cms.frame`): `{% site_frame as frame %}`."""
    return frame.for_request(context["request"])


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current address with `side=<number>`, keeping the visitor's filters."""
    query = context["request"].GET.copy()
    query[PAGE_PARAM] = number
    return "?" + query.urlencode()


@register.filter
def in_section(menu_page, page):
    """True if `page` is the menu item's page (a page or a `frame.Link`) or lies below it (for aria-current in the
    main menu)."""
    return isinstance(page, Page) and menu_page is not None and page.path.startswith(menu_page.path)


@register.inclusion_tag("cms/includes/page_meta.html", takes_context=True)
def page_meta(context):
    """The head's description and canonical address; for a page also its Open Graph tags and schema.org JSON-LD.

    Every address is absolute on the Site's root (BASE_URL, see cms.sites), as the canonical link is. A view that
    is not a page (the newsletter, a sign-up form) gets the canonical address of its path on the same root, without
    the query.
    """
    page, request = context.get("page"), context.get("request")
    if not isinstance(page, SitePage) or (parts := page.get_url_parts(request)) is None:
        root_url = frame.for_request(request).root_url if request else None
        return {"description": SITE_DESCRIPTION, "url": urljoin(root_url, request.path) if root_url else None}
    _site_id, root_url, page_path = parts
    url = root_url + page_path
    image = page.social_image
    image_url = urljoin(url, image.get_rendition(SOCIAL_IMAGE_FILTER).url if image else static(SITE_IMAGE))
    items = [page.structured_data(request, url=url, image_url=image_url), breadcrumb_list(page, request, url)]
    return {
        "page": page, "url": url, "image_url": image_url, "site_name": settings.WAGTAIL_SITE_NAME,
        "description": page.meta_description or SITE_DESCRIPTION,
        "json_ld": [json_ld(item) for item in items if item],
    }


def breadcrumb_list(page, request, url):
    """schema.org BreadcrumbList of the breadcrumb the page shows (`breadcrumbs`), or None where it shows none."""
    crumbs = breadcrumbs(page)
    if not crumbs:
        return None
    items = [(crumb.title, crumb.get_full_url(request)) for crumb in crumbs] + [(page.title, url)]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": address}
            for position, (name, address) in enumerate(items, start=1)
        ],
    }


def json_ld(data):
    """`data` as JSON that is safe inside a <script> element: no "</script>" or "<!--" an editor typed can end it."""
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026"))
