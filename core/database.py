"""Riding out a database outage (a PostgreSQL restart, a failover, a network blip) instead of failing for good.

Django raises `OperationalError` when it cannot connect or the server drops the connection, and `InterfaceError`
when code goes on using a connection that psycopg2 has already seen closed. Both pass once the server is back, so:

- visitors get a short Danish "try again in a moment" page with 503 and `Retry-After` instead of the 500 error page
  (`DatabaseUnavailableMiddleware`, and `server_error` for what fails before a view runs);
- the worker and the scheduler wait with backoff and carry on (`wait_for_database`, `backoff`) instead of exiting.
"""

import logging
import sys
import time

from django.db import InterfaceError, OperationalError, connection, connections
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views import defaults

logger = logging.getLogger(__name__)

UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def backoff(first=1.0, longest=30.0):
    """Seconds to wait before each new attempt: 1, 2, 4, ... doubling up to 30, then 30 for as long as it takes."""
    delay = first
    while True:
        yield delay
        delay = min(delay * 2, longest)


def wait_for_database():
    """Drop every connection (the lost one cannot be reused), then try a new one with backoff until one opens."""
    for delay in backoff():
        connections.close_all()
        time.sleep(delay)
        try:
            connection.ensure_connection()
        except UNAVAILABLE as error:
            logger.warning("Database still unavailable: %s", error)
        else:
            logger.info("Database reachable again")
            return


def unavailable_response():
    """503 with templates/503.html, rendered without the request: no context processor runs (Wagtail's site settings
    would query the database that is gone), and nobody caches it."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """Answers a view that lost the database with the 503 page. Views are where nearly every query runs; one log
    line per request, not a traceback, since the cause is the outage itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, UNAVAILABLE):
            return None
        logger.warning("Database unavailable, answering 503 for %s: %s", request.path, exception)
        return unavailable_response()


def server_error(request):
    """handler500. Django turns an exception raised in a middleware (the two-factor check reading the signed-in user's
    session, say) into a response before any `process_exception` sees it; this gives a lost database there the same
    503 page, and everything else Django's own 500 page."""
    if isinstance(sys.exc_info()[1], UNAVAILABLE):
        return unavailable_response()
    return defaults.server_error(request)
