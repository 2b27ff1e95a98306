"""Two-factor sign-in for staff: a code from an authenticator app after the password, for the admin and the back
office; required for everyone on staff when STAFF_2FA_REQUIRED is on (the production default)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.factories import UserFactory

pytestmark = pytest.mark.django_db


def current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def adviser():
    return UserFactory(username="raadgiver", password="adgangskode-123", groups=["Advisers"])


def test_staff_with_an_app_must_confirm_a_code_before_admin_and_back_office(client, adviser):
    device = TOTPDevice.objects.create(user=adviser, name="app", confirmed=True)
    assert client.post("/admin/login/", {"username": "raadgiver", "password": "adgangskode-123"}).status_code == 302
    for url in ("/admin/", "/sagsbehandling/opgaver/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/admin/2fa/?next=")

    response = client.post("/admin/2fa/", {"token": "000000", "next": "/sagsbehandling/opgaver/"})
    assert response.status_code == 200
    assert "Koden er forkert eller udløbet" in response.content.decode()

    # A wrong code throttles the device for a moment (django-otp), so the next try comes a little later.
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        device.refresh_from_db()
        response = client.post("/admin/2fa/", {"token": current_code(device), "next": "/sagsbehandling/opgaver/"})
        assert response.status_code == 302 and response.url == "/sagsbehandling/opgaver/"
        assert client.get("/sagsbehandling/opgaver/").status_code == 200
        assert client.get("/admin/").status_code == 200


def test_when_required_staff_without_an_app_set_one_up_first(client, adviser, settings):
    settings.STAFF_2FA_REQUIRED = True
    client.force_login(adviser)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith("/admin/2fa/opsaet/")
    page = client.get(response.url)
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=adviser, confirmed=False)
    response = client.post("/admin/2fa/opsaet/", {"token": current_code(device), "next": "/admin/"})
    assert response.status_code == 302 and response.url == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200


def test_off_by_default_locally_and_public_pages_never_ask(client, adviser, settings):
    client.force_login(adviser)
    assert client.get("/admin/").status_code == 200
    settings.STAFF_2FA_REQUIRED = True
    assert client.get("/").status_code == 200


def test_next_cannot_send_the_user_to_another_site(client, adviser):
    device = TOTPDevice.objects.create(user=adviser, name="app", confirmed=True)
    client.force_login(adviser)
    response = client.post("/admin/2fa/", {"token": current_code(device), "next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == "/admin/"
