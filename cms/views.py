"""The site's views that are not Wagtail pages: search, newsletter sign-up and confirmation, robots.txt, the favicon,
/was."""

import re

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail.models import Page

from core import ratelimit

from . import search as site_search
from .forms import NewsletterForm
from .honeypot import is_spam
from .middleware import public_form
from .models import SiteSettings, Subscriber, apply_cache_headers
from .newsletter import sign_up
from .pagination import paginate


@require_safe
def search(request):
    """Search all live public pages, titles before bodies. Danish words are stemmed on both databases ("kommunerne"
    finds "kommune"; settings.WAGTAILSEARCH_BACKENDS). A search that finds nothing shows the nearest matches: pages
    with the words inside compounds (cms.search.nearest_matches). Each hit shows an excerpt with the words marked."""
    query = request.GET.get("q", "").strip()[:200]
    # Only the words: quotes and operators would reach the database's full-text parser and could break it.
    words = re.findall(r"\w+", query)
    results, fragments = None, []
    if query:
        pages = Page.objects.live().public()
        results = paginate(request, pages.search(" ".join(words)) if words else Page.objects.none(), per_page=10)
        if words and not results.paginator.count:
            found, fragments = site_search.nearest_matches(words)
            in_title_first = lambda page: (not _holds(page.title, fragments), page.title)  # noqa: E731
            nearest = sorted(pages.filter(pk__in=found), key=in_title_first)
            results = paginate(request, nearest, per_page=10)
        _add_excerpts(results, site_search.matcher(words, fragments))
    context = {"query": query, "results": results, "fragments": fragments}
    response = TemplateResponse(request, "cms/search.html", context)
    return apply_cache_headers(request, response)


def _holds(text, fragments):
    return any(fragment in text.lower() for fragment in fragments)


def _add_excerpts(results, is_match):
    """Each hit on this page of results gets its excerpt, from its own text (the pages of each type in one query)."""
    specific = {page.pk: page for page in Page.objects.filter(pk__in=[hit.pk for hit in results]).specific()}
    for hit in results:
        hit.excerpt = site_search.excerpt(site_search.page_text(specific[hit.pk]), is_match)


@public_form
def newsletter(request):
    """Sign-up form. A valid address gets the confirmation email; the page then says to check the inbox."""
    if request.method == "POST":
        form = NewsletterForm(request.POST)
        ratelimit.check(request, "newsletter", form)
        if form.is_valid() and ratelimit.accept(request, "newsletter", form):
            if not is_spam(form):
                sign_up(form.cleaned_data["email"])
            return redirect(request.path + "?sendt=1")
    else:
        form = NewsletterForm()
    context = {"form": form, "sent": request.GET.get("sendt") == "1"}
    return apply_cache_headers(request, TemplateResponse(request, "cms/newsletter/signup.html", context))


def _subscriber_page(request, token, template, change):
    """The page an emailed newsletter link opens: a button that makes `change` to the subscriber, then says so.

    Mail scanners that follow links change nothing. A link whose subscriber is gone (an unconfirmed sign-up is
    forgotten after two weeks) or that was never right gets a page in the site's look saying so, with the sign-up
    form, status 404."""
    subscriber = Subscriber.objects.filter(token=token).first()
    if subscriber is None:
        context = {"form": NewsletterForm(), "unsubscribing": change == Subscriber.unsubscribe}
        return TemplateResponse(request, "cms/newsletter/link_invalid.html", context, status=404)
    if request.method == "POST":
        change(subscriber)
        return redirect(request.path)  # the page now says what was done; reloading it posts nothing
    return TemplateResponse(request, template, {"subscriber": subscriber})


@public_form
@never_cache  # personal pages: the address is on them
def newsletter_confirm(request, token):
    return _subscriber_page(request, token, "cms/newsletter/confirm.html", Subscriber.confirm)


@public_form
@never_cache
def newsletter_unsubscribe(request, token):
    return _subscriber_page(request, token, "cms/newsletter/unsubscribe.html", Subscriber.unsubscribe)


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri("/sitemap.xml")
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /django-admin/", "Disallow: /soeg/"]
    lines.append(f"Sitemap: {sitemap}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    """/favicon.ico, which browsers and crawlers ask for whatever the page links: the icon in the static files."""
    return redirect(static("favicon.ico"), permanent=True)


@require_safe
def accessibility_statement(request):
    """/was: the short address of the accessibility statement the law requires."""
    page = SiteSettings.load(request_or_site=request).accessibility_page
    if page is None or not page.live:
        raise Http404
    return redirect(page.url)
