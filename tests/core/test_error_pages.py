"""With DEBUG on (`make run`), a wrong address or a failing view shows the site's Danish page, not Django's technical
one listing every URL; TECHNICAL_ERROR_PAGES=1 asks for the technical page."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import include, path

pytestmark = pytest.mark.django_db


def broken(request):
    raise RuntimeError("a bug")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("broken/", broken),
    path("forbidden/", forbidden),
    path("", include("config.urls")),
]


@pytest.fixture
def debug(settings):
    settings.DEBUG = True
    settings.ROOT_URLCONF = __name__
    return settings


@pytest.mark.parametrize("address", ["/ingen-side-her/", "/fil.txt"])  # an unknown page; a path no pattern matches
def test_an_unknown_address_shows_the_danish_page(debug, address):
    response = Client().get(address)
    assert response.status_code == 404
    text = response.content.decode()
    assert "Siden blev ikke fundet" in text and "Using the URLconf" not in text and "<main" in text


def test_a_failing_view_shows_the_danish_error_page_and_logs_the_traceback(debug, caplog):
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert "Der opstod en fejl" in response.content.decode() and "Traceback" not in response.content.decode()
    [record] = [r for r in caplog.records if r.name == "django.request" and r.levelname == "ERROR"]
    assert record.exc_info[0] is RuntimeError


def test_a_refusal_shows_the_danish_403(debug):
    response = Client().get("/forbidden/")
    assert response.status_code == 403
    assert "Using the URLconf" not in response.content.decode()


def test_a_developer_can_ask_for_the_technical_pages(debug):
    debug.TECHNICAL_ERROR_PAGES = True
    assert "Using the URLconf" in Client().get("/fil.txt").content.decode()
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500 and "RuntimeError" in response.content.decode()


def test_with_debug_off_django_shows_the_site_pages_itself(settings):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500 and "Der opstod en fejl" in response.content.decode()
