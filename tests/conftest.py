import os
import shutil
from types import SimpleNamespace

import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches
from django.db import connection, connections
from hypothesis import settings as hypothesis_settings

from devtools.factories.core import UserFactory
from tests.support.course import AUTUMN, accepted_registration, staff
from workflows.permissions import Role

# CI explores the same hypothesis examples on every run (reproducible); local runs keep exploring new ones.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

# Playwright's sync API runs an event loop in the test thread; the Django ORM calls made next to it are
# still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    """Transactional tests (browser, worker, concurrency) flush the database when they end, which would also
    remove what migrations created (the Wagtail root and home page, staff groups). Serialized rollback restores
    that baseline before each of them."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and "serialized_rollback" not in marker.kwargs:
            item.add_marker(pytest.mark.django_db(**marker.kwargs, serialized_rollback=True), append=False)


def pytest_report_header(config):
    db = settings.DATABASES["default"]
    return f"database: {db['ENGINE'].rsplit('.', 1)[-1]} ({db.get('HOST') or db['NAME']})"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with empty caches, so cached pages never leak between tests."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://... (CI does)")


@pytest.fixture
def two_cases():
    """Two municipalities accepted to one cohort in the autumn, both led by the adviser Anne, with her colleague Bo,
    the coordinator Carla and the editor Erik beside them."""
    anne, bo, carla = staff()
    editor = UserFactory(username="erik", groups=[Role.EDITOR])
    with time_machine.travel(AUTUMN, tick=False):
        aarhus = accepted_registration(adviser=anne)
        odense = accepted_registration("odense", adviser=anne, cohort=aarhus.cohort)
    return SimpleNamespace(adviser=anne, colleague=bo, coordinator=carla, editor=editor, aarhus=aarhus, odense=odense)


def _chromium_path():
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser(django_db_setup):
    """Headless Debian Chromium driven by Playwright. Skipped without it, except in CI where it must exist.

    Playwright's sync API keeps an event loop running in the test thread, so Django hands out new connection
    objects from then on; they get the serialized baseline that transactional tests restore from.
    """
    path = _chromium_path()
    if not path:
        message = "Chromium not found (apt-get install chromium); browser tests not run"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    baseline = {conn.alias: getattr(conn, "_test_serialized_contents", None) for conn in connections.all()}
    with sync_playwright() as playwright:
        for alias, contents in baseline.items():
            if contents is not None:
                connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(
            executable_path=path,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
            # Chromium on the real clock: under libfaketime's preload (the suite run with the clock a year ahead) it
            # never loads a page. The server's clock is the one the tests are about; the browser only shows it.
            env={name: value for name, value in os.environ.items()
                 if name != "LD_PRELOAD" and not name.startswith("FAKETIME")},
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="da-DK", timezone_id="Europe/Copenhagen")
    page = context.new_page()
    yield page
    context.close()
