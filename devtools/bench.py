"""Instrumentation used only by `make bench` (config.settings.bench)."""

from django.db import connection
from django.http import HttpResponse


def minimal_view(request):
    """The yardstick: the cheapest Django response, served by the same gunicorn as every other page."""
    return HttpResponse(b"ok", content_type="text/plain")


class QueryCountMiddleware:
    """Report the number of SQL queries a request made in an `X-DB-Queries` header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response.headers["X-DB-Queries"] = str(count)
        return response
