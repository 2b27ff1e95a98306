"""A full-page cache for anonymous visitors, shared by every process, emptied whenever published content changes.

Why: a news item that goes viral must not make every visitor render the same page from the database. Anonymous
visitors all see the same public page, so the first one renders it and the rest get a copy.

What is cached: only GET responses that the page itself marks `Cache-Control: public` (the public Wagtail pages
and the search results do, through `cms.models.base.apply_cache_headers`; forms, status pages and staff pages never
do), with status 200, no cookie set and no `Vary` on anything but `Cookie`. Requests that carry a session cookie
(editors, staff, previews) always reach the application. Every address is its own entry, query string included, so
the cache needs a memory cap that evicts the least recently used (the compose file's Redis has one; the file cache
culls at MAX_ENTRIES).

Invalidation: a *generation* is stored in the same cache, and each stored page records the generation it was
rendered in; a page counts only while the two agree. `invalidate()` replaces the generation, which retires every
stored page at once (index pages, the home page's news list and the programme page's seat figures included); the
next visitor renders each afresh. A hit reads the generation and the page in one round trip. `cms` calls
`invalidate()` when pages are published, unpublished, moved or deleted and when snippets, settings, images or
documents change; `workflows` calls it when seats, cohorts or meetings change. Time alone (a registration deadline
passing) is covered by `PAGE_CACHE_SECONDS`.

The cache is the `pages` alias (settings.CACHES): Redis when CACHE_URL is set, else files under VAR_DIR, so that
the web workers, the task worker and the scheduler see one cache and one generation.

A cache that does not answer (Redis restarting) costs speed, not pages: every request renders as if nothing were
stored, and a change that could not retire the stored pages is logged (they expire within their lifetime).
"""

import hashlib
import logging
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import cc_delim_re

GENERATION_KEY = "generation"

logger = logging.getLogger(__name__)


def _cache():
    return caches["pages"]


def invalidate():
    """Retire every cached page. Call it after the change is committed (see `invalidate_on_commit`)."""
    try:
        _cache().set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception:  # the change is committed: it must not fail for the cache (see the module)
        logger.exception("The page cache did not answer: stored pages stay until they expire")


def invalidate_on_commit(*args, **kwargs):
    """Signal-receiver friendly: retire the cached pages once the current transaction commits, so that no request
    can render the old data again between the invalidation and the commit."""
    transaction.on_commit(invalidate)


def _new_generation(cache):
    cache.add(GENERATION_KEY, uuid.uuid4().hex, None)  # the first process to ask sets it; the others read theirs
    return cache.get(GENERATION_KEY)


def remember(key, build, timeout):
    """A value derived from published content (the site's menu and footer, say), kept beside the cached pages and
    retired with them: `build()` runs when the value is missing or was built in an older generation. One round trip
    when it is there. Recorded with the generation read before building, as the pages are, so a value built while
    an editor published is stale at once."""
    cache = _cache()
    try:
        generation, stored = _read(cache, key)
    except Exception:
        logger.warning("The page cache did not answer: building %s without it", key, exc_info=True)
        return build()
    if stored is not None and stored[0] == generation:
        return stored[1]
    value = build()
    _store(cache, key, (generation, value), timeout)
    return value


def _read(cache, key):
    """(the current generation, what is stored under `key` or None), in one round trip when the generation is set."""
    found = cache.get_many([GENERATION_KEY, key])
    return found.get(GENERATION_KEY) or _new_generation(cache), found.get(key)


def _store(cache, key, value, timeout):
    try:
        cache.set(key, value, timeout)
    except Exception:
        logger.warning("The page cache did not answer: %s not stored", key, exc_info=True)


def _key(request):
    url = f"{request.scheme}://{request.get_host()}{request.path}?{request.META.get('QUERY_STRING', '')}"
    return f"page:{hashlib.sha256(url.encode()).hexdigest()}"


# Cookies that make a page personal: a session (editors, staff, previews) or a flash message waiting to be shown.
_PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")


def _request_is_cacheable(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and not any(name in request.COOKIES for name in _PERSONAL_COOKIES)
        and not request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES)
    )


def _response_is_cacheable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page carries this visitor's CSRF token: another visitor must never get it
    cache_control = {part.strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
    if "public" not in cache_control or cache_control & {"private", "no-cache", "no-store"}:
        return False
    vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", "")) if part.strip()}
    return vary <= {"cookie"}  # every request served from the cache carries no session cookie


class AnonymousPageCacheMiddleware:
    """Outermost middleware: a hit is answered before sessions, authentication or the URL resolver run, with the
    headers (security headers included) that the full stack gave the stored response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _request_is_cacheable(request):
            return self.get_response(request)
        cache = _cache()
        key = _key(request)
        try:
            generation, stored = _read(cache, key)
        except Exception:
            logger.warning("The page cache did not answer: rendering %s", request.path, exc_info=True)
            return self.get_response(request)
        if stored is not None and stored[0] == generation:
            _generation, content, status, headers = stored
            return HttpResponse(content, status=status, headers={**headers, "X-Page-Cache": "hit"})
        response = self.get_response(request)
        if _response_is_cacheable(request, response):
            # Recorded with the generation read before rendering: if content changed meanwhile, the copy is stale
            # at once.
            stored = (generation, response.content, response.status_code, dict(response.items()))
            _store(cache, key, stored, settings.PAGE_CACHE_SECONDS)
            response.headers["X-Page-Cache"] = "miss"
        return response
