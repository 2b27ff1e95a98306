"""Listing helpers shared by the index pages and search."""

from django.core.paginator import Paginator

PAGE_PARAM = "side"


def paginate(request, items, per_page=10):
    """The requested page of `items`; a missing, malformed or too-high page number gives the nearest page."""
    return Paginator(items, per_page).get_page(request.GET.get(PAGE_PARAM))


def int_param(request, name):
    """An integer query parameter, or None when it is missing or not a number (never an error)."""
    try:
        return int(request.GET.get(name, ""))
    except ValueError:
        return None
