"""A per-visitor limit on public form submissions, counted in the cache (no cookies, nothing stored)."""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from .clientip import client_ip

MESSAGE = _("You have sent this form many times in a short time. Please wait a few minutes and try again.")


def over_limit(request, scope, *, limit=None, window=600):
    """Count one submission from this visitor to `scope`; True once more than `limit` (default
    PUBLIC_FORM_RATE_LIMIT) came within `window` seconds."""
    limit = settings.PUBLIC_FORM_RATE_LIMIT if limit is None else limit
    key = f"ratelimit:{scope}:{client_ip(request)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit
