from django import template
from wagtail.models import Page

from ..models import routed_ancestors
from ..pagination import PAGE_PARAM

register = template.Library()


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
def page_url(context, number):
    """The current address with `side=<number>`, keeping the visitor's filters."""
    query = context["request"].GET.copy()
    query[PAGE_PARAM] = number
    return "?" + query.urlencode()


@register.filter
def in_section(menu_page, page):
    """True if `page` is the menu item's page or lies below it (for aria-current in the main menu)."""
    return isinstance(page, Page) and menu_page is not None and page.path.startswith(menu_page.path)
