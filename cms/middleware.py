"""Public pages set no cookies, so their forms cannot carry Django's CSRF cookie.

Instead, a POST to a Wagtail page or to one of our public form views is accepted only from the site's own pages:
browsers send an `Origin` header with every cross-site POST, and one that names another site is refused. Requests
without the header do not come from a browser page, so they cannot be forged by one. Every other view (the admin,
staff views) keeps Django's normal CSRF protection.
"""

from django.core.exceptions import PermissionDenied
from django.middleware.csrf import CsrfViewMiddleware
from wagtail.views import serve as wagtail_serve


def public_form(view):
    """Mark a view as a public form handled by `CookielessPublicFormsMiddleware`."""
    view.public_form = True
    return view


class CookielessPublicFormsMiddleware(CsrfViewMiddleware):
    """Placed before CsrfViewMiddleware; reuses its origin check, and its own token check is then skipped."""

    def process_request(self, request):
        return None

    def process_view(self, request, callback, callback_args, callback_kwargs):
        if request.method != "POST" or not (callback is wagtail_serve or getattr(callback, "public_form", False)):
            return None
        if "HTTP_ORIGIN" in request.META and not self._origin_verified(request):
            raise PermissionDenied("Cross-site form submission refused")
        request._dont_enforce_csrf_checks = True
        return None

    def process_response(self, request, response):
        return response
