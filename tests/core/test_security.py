"""Security headers, brute-force protection and health endpoints."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.email import deliver_email
from devtools.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def test_public_pages_send_a_strict_content_security_policy_and_privacy_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_public_pages_set_no_cookies(client):
    response = client.get("/")
    assert response.status_code == 200
    assert not response.cookies


@pytest.mark.parametrize("path", ["/admin/login/", "/admin/password_reset/"])
def test_the_staff_sign_in_is_held_to_the_strict_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == client.get("/").headers["Content-Security-Policy"]


def test_the_two_factor_step_is_held_to_the_strict_policy(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get("/admin/2fa/opsaet/")
    assert response.status_code == 200 and "unsafe-inline" not in response.headers["Content-Security-Policy"]


def test_the_rest_of_the_workspace_allows_only_wagtails_inline_code(client):
    """Wagtail 8's admin writes inline scripts and styles (core.csp); nothing else is loosened, and its page
    preview may be framed by the admin itself only. tests/browser/test_admin_csp.py uses the screens under it."""
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    csp = client.get("/admin/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self' 'unsafe-inline'"
    assert directives["style-src"] == "'self' 'unsafe-inline'"
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'self'" and directives["form-action"] == "'self'"


@pytest.mark.parametrize("path, data", [
    ("/forloeb/status/nyt-link/", {"email": "mette@aarhus.example.dk"}),
    ("/admin/login/", {"username": "anne", "password": "whatever"}),
])
def test_a_form_without_its_security_token_gets_a_danish_page_in_the_sites_layout(path, data):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(path, data)
    page = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Formularen blev ikke sendt</h1>" in page and "Intet er gemt." in page
    assert 'lang="da"' in page and "CSRF" not in page and "Forbidden" not in page


def test_admin_sign_in_is_locked_after_repeated_failures(client, settings):
    settings.AXES_ENABLED = True
    UserFactory(username="editor", password="right-password-123")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/admin/login/", {"username": "editor", "password": "wrong"})
        assert response.status_code == 200  # the form again, with its error
    response = client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    assert response.status_code == 429
    # Locked out: even the right password is refused until the cool-off has passed.
    response = client.post("/admin/login/", {"username": "editor", "password": "right-password-123"})
    assert response.status_code == 429
    assert "For mange loginforsøg" in response.content.decode()


def test_liveness_needs_nothing(client):
    response = client.get("/health/live")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response.headers["Cache-Control"]


def test_readiness_checks_the_database_and_the_queue(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"

    deliver_email.enqueue(12345)  # waits in the queue: nobody runs the worker here
    assert DBTaskResult.objects.count() == 1
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=10))
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["status"] == "queue stalled"
    assert response.json()["oldest_queued_task_seconds"] >= 600


def test_production_settings_pass_djangos_deployment_checks():
    unwanted = {"DEBUG", "EMAIL_PROVIDER", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in unwanted}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="kR4v-9xQm2Lp7sWz1bNc8dHf3gJt6yUe0aXiOq5rVwE_TyPnMl",
        ALLOWED_HOSTS="peer.example.dk",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_an_unauthenticated_provider_webhook():
    env = {key: value for key, value in os.environ.items() if not key.startswith("ANYMAIL_")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY="s" * 50, EMAIL_PROVIDER="postmark")
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env, capture_output=True, text=True, cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0 and "ANYMAIL_WEBHOOK_SECRET" in result.stderr


@pytest.mark.parametrize(
    "url", ["/soeg/?q=peer%00", "/nyheder/?kategori=%00&aar=%00&side=%00", "/publikationer/?udgiver=%00"]
)
def test_nul_characters_in_the_query_string_never_reach_the_database(client, url):
    from devtools.demo import cms as demo

    demo.build(lambda message: None)
    assert client.get(url).status_code == 200
