from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.log import log_response
from django.views import defaults


class PermissionsPolicyMiddleware:
    """Tell browsers this site never uses the camera, microphone, location or payment APIs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class StripNullCharactersMiddleware:
    """Remove NUL characters from query-string values before any view sees them.

    No filter, page number or search term can contain one, and PostgreSQL refuses them in a query (a 500);
    forms already reject them in POSTed fields."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            cleaned = request.GET.copy()
            for key in list(cleaned):
                cleaned.setlist(key, [value.replace("\x00", "") for value in cleaned.getlist(key)])
            request.GET = cleaned
        return self.get_response(request)


class FriendlyErrorPagesMiddleware:
    """With DEBUG on (`make run`), the site's own Danish 404, 403 and 500 pages instead of Django's technical ones,
    which list every URL or the settings; the traceback of a 500 still goes to the console. TECHNICAL_ERROR_PAGES=1
    brings back the technical pages. With DEBUG off Django shows these pages itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and request.resolver_match is None and self.friendly():
            # No URL matched: Django answered before any view (and so before process_exception) could run.
            return defaults.page_not_found(request, Http404())
        return response

    @staticmethod
    def friendly():
        return settings.DEBUG and not settings.TECHNICAL_ERROR_PAGES

    def process_exception(self, request, exception):
        if not self.friendly():
            return None
        if isinstance(exception, Http404):
            return defaults.page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return defaults.permission_denied(request, exception)
        response = defaults.server_error(request)
        log_response("Internal Server Error: %s", request.path, response=response, request=request,
                     exception=exception)  # with its traceback, once
        return response
