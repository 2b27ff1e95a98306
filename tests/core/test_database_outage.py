"""What visitors, staff and load balancers get while the database cannot be reached.

Every query is refused the way a PostgreSQL restart refuses it (an OperationalError, or an InterfaceError on a
connection already seen closed); tests/reliability/test_outage.py does the same against a real restarting server.
"""

import contextlib

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client

from devtools.factories.core import UserFactory

CONTEXT_PROCESSOR_CALLS = []


def recording_context_processor(request):
    """Stands in beside the site's context processors: any template rendered with the request's context calls it."""
    CONTEXT_PROCESSOR_CALLS.append(request.path)
    return {}


@contextlib.contextmanager
def database_unreachable(error=OperationalError):
    def refuse(execute, sql, params, many, context):
        raise error("connection to server at \"127.0.0.1\", port 5432 failed: Connection refused")

    with connection.execute_wrapper(refuse):
        yield


@pytest.fixture
def recorded_context(settings):
    CONTEXT_PROCESSOR_CALLS.clear()
    engine = settings.TEMPLATES[0]
    processors = [*engine["OPTIONS"]["context_processors"], f"{__name__}.recording_context_processor"]
    settings.TEMPLATES = [{**engine, "OPTIONS": {**engine["OPTIONS"], "context_processors": processors}}]
    return CONTEXT_PROCESSOR_CALLS


def assert_try_again_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert '<html lang="da">' in page
    assert "Prøv igen om et øjeblik" in page


@pytest.mark.django_db
def test_a_public_page_answers_503_in_danish_without_touching_the_sites_context(client, recorded_context):
    client.get("/")
    assert recorded_context == ["/"]  # the home page renders with the site's context processors
    recorded_context.clear()
    with database_unreachable():
        response = client.get("/")
    assert_try_again_page(response)
    assert recorded_context == []  # the 503 page needs nothing from the database, Wagtail's settings included


@pytest.mark.django_db
def test_a_form_submission_answers_503(client):
    with database_unreachable(InterfaceError):
        response = client.post("/forloeb/nogen/tilmelding/", {"cohort": "1"})
    assert_try_again_page(response)


@pytest.mark.django_db
def test_a_staff_page_answers_503_when_reading_the_session_fails_before_the_view():
    """The two-factor check reads the signed-in user in a middleware, before any view runs."""
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(is_staff=True))
    with database_unreachable():
        response = client.get("/sagsbehandling/opgaver/")
    assert_try_again_page(response)


@pytest.mark.django_db
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_readiness_says_the_database_is_unavailable_and_never_500s(error):
    client = Client(raise_request_exception=False)
    with database_unreachable(error):
        response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json() == {"status": "database unavailable", "database": "unavailable"}
