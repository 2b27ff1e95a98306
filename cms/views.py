"""The site's views that are not Wagtail pages: search, newsletter sign-up and confirmation, robots.txt, the favicon,
/was."""

import re

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.models import Page

from core import ratelimit

from .forms import NewsletterForm
from .honeypot import is_spam
from .middleware import public_form
from .models import SiteSettings, Subscriber, apply_cache_headers
from .newsletter import sign_up
from .pagination import paginate


@require_GET
def search(request):
    """Search all live public pages; each hit is labelled with its page type. Danish words are stemmed on both
    databases ("kommunerne" finds "kommune"; settings.WAGTAILSEARCH_BACKENDS)."""
    query = request.GET.get("q", "").strip()[:200]
    # Only the words: quotes and operators would reach the database's full-text parser and could break it.
    words = " ".join(re.findall(r"\w+", query))
    results = None
    if query:
        # Plain pages: a hit shows its title, address, description and type, which need nothing of the specific page.
        hits = Page.objects.live().public().search(words) if words else Page.objects.none()
        results = paginate(request, hits, per_page=10)
    response = TemplateResponse(request, "cms/search.html", {"query": query, "results": results})
    return apply_cache_headers(request, response)


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


@public_form
@never_cache  # personal pages: the address is on them
def newsletter_confirm(request, token):
    """The emailed link opens a page with a button: mail scanners that follow links confirm nothing."""
    subscriber = get_object_or_404(Subscriber, token=token)
    if request.method == "POST":
        subscriber.confirm()
        return redirect(request.path)  # the page now says "confirmed"; reloading it posts nothing
    return TemplateResponse(request, "cms/newsletter/confirm.html", {"subscriber": subscriber})


@public_form
@never_cache
def newsletter_unsubscribe(request, token):
    subscriber = get_object_or_404(Subscriber, token=token)
    if request.method == "POST":
        subscriber.unsubscribe()
        return redirect(request.path)
    return TemplateResponse(request, "cms/newsletter/unsubscribe.html", {"subscriber": subscriber})


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri("/sitemap.xml")
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /django-admin/", "Disallow: /soeg/"]
    lines.append(f"Sitemap: {sitemap}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    """/favicon.ico, which browsers and crawlers ask for whatever the page links: the icon in the static files."""
    return redirect(static("favicon.ico"), permanent=True)


@require_GET
def accessibility_statement(request):
    """/was: the short address of the accessibility statement the law requires."""
    page = SiteSettings.load(request_or_site=request).accessibility_page
    if page is None or not page.live:
        raise Http404
    return redirect(page.url)
