"""The skeleton a visitor and an operator meet first: the home page, errors, settings safety."""

import os
import subprocess
import sys
from datetime import date, datetime

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import formats, translation

from devtools.factories.core import UserFactory
from devtools.factories.workflows import InformationMeetingFactory, local

pytestmark = pytest.mark.django_db


def test_home_page_is_danish_and_accessible_by_structure(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="da">' in html
    assert 'href="#main"' in html and 'id="main"' in html  # skip link and its target
    assert "<header" in html and "<main" in html and "<footer" in html
    assert "<h1>Peer-støtte i kommunernes socialpsykiatri</h1>" in html  # a heading, not the page's title "Forside"


def test_the_site_speaks_danish_whatever_the_browser_asks_for(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="da">' in html
    assert "Spring til indhold" in html and "Skip to content" not in html


def test_unknown_page_uses_our_404_in_danish(client):
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    assert "Siden blev ikke fundet" in response.content.decode()


def test_admin_login_page_is_served(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200


def test_settings_come_from_the_environment():
    assert settings.TIME_ZONE == "Europe/Copenhagen"
    assert settings.LANGUAGE_CODE == "da"
    assert [code for code, _ in settings.LANGUAGES] == ["da", "en"]


def _import_production_settings(**environ):
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG"}}
    env.update(environ, DJANGO_SETTINGS_MODULE="config.settings.production")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env, capture_output=True, text=True, cwd=settings.BASE_DIR,
    )


@pytest.mark.parametrize(
    "environ, complaint",
    [
        ({}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 50, "DEBUG": "1"}, "DEBUG"),
        ({"SECRET_KEY": "too-short"}, "SECRET_KEY"),
    ],
)
def test_production_settings_refuse_an_insecure_configuration(environ, complaint):
    result = _import_production_settings(**environ)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and complaint in result.stderr


def test_production_settings_start_when_configured():
    result = _import_production_settings(SECRET_KEY="k" * 50)
    assert result.returncode == 0, result.stderr


def test_the_staff_workspaces_tab_names_the_product_not_wagtail(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert "<title>Startside - Peer-rådgivning</title>" in client.get("/admin/").content.decode()
    client.logout()
    assert "- Wagtail</title>" not in client.get("/admin/login/").content.decode()


def test_one_danish_way_to_write_dates():
    """'04.01.2027' beside '4. januar 2027' read as two products: dates and times are written one way
    (config/formats/da), by Django's localize and date_format and by templates rendering a date."""
    with translation.override("da"):
        assert formats.localize(date(2027, 1, 4)) == "4. januar 2027"
        assert formats.localize(datetime(2027, 1, 4, 10, 0)) == "4. januar 2027 kl. 10:00"
        assert Template("{{ day }}").render(Context({"day": date(2027, 1, 4)})) == "4. januar 2027"
        meeting = InformationMeetingFactory.build(starts_at=local(date(2027, 1, 20), 14))
        assert str(meeting) == "20. januar 2027 kl. 14:00"
