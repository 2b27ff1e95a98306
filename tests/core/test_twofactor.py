"""Two-factor sign-in for staff: a code from an authenticator app after the password, for the admin and the back
office; required for everyone on staff when STAFF_2FA_REQUIRED is on (the production default)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import OutboxMessage
from devtools.factories.core import UserFactory

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
    for url in ("/admin/", "/admin/opgaver/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/admin/2fa/?next=")

    response = client.post("/admin/2fa/", {"token": "000000", "next": "/admin/opgaver/"})
    assert response.status_code == 200
    assert "Koden er forkert eller udløbet" in response.content.decode()

    # A wrong code throttles the device for a moment (django-otp), so the next try comes a little later.
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        device.refresh_from_db()
        response = client.post("/admin/2fa/", {"token": current_code(device), "next": "/admin/opgaver/"})
        assert response.status_code == 302 and response.url == "/admin/opgaver/"
        assert client.get("/admin/opgaver/").status_code == 200
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


def test_the_password_alone_never_reaches_set_up_when_an_app_is_confirmed(client, adviser):
    """The bypass: signed in with the password, an attacker opened set-up, confirmed a new secret's code: in."""
    TOTPDevice.objects.create(user=adviser, name="app", confirmed=True)
    client.post("/admin/login/", {"username": "raadgiver", "password": "adgangskode-123"})
    response = client.get("/admin/2fa/opsaet/")
    assert response.status_code == 302 and response.url.startswith("/admin/2fa/?next=")
    assert not TOTPDevice.objects.filter(user=adviser, confirmed=False).exists()  # no new secret handed out

    # Even a POST with a code of a device the attacker made some other way is refused.
    rogue = TOTPDevice.objects.create(user=adviser, name="rogue", confirmed=False)
    response = client.post("/admin/2fa/opsaet/", {"token": current_code(rogue), "next": "/admin/"})
    assert response.status_code == 302 and response.url.startswith("/admin/2fa/?next=")
    rogue.refresh_from_db()
    assert not rogue.confirmed
    assert TOTPDevice.objects.filter(user=adviser, confirmed=True).count() == 1
    for url in ("/admin/", "/admin/opgaver/"):
        assert client.get(url).url.startswith("/admin/2fa/?next=")


def test_after_confirming_a_code_staff_may_add_an_app_audited_and_told_by_email(client, adviser):
    from wagtail.models import ModelLogEntry

    old = TOTPDevice.objects.create(user=adviser, name="app", confirmed=True)
    client.post("/admin/login/", {"username": "raadgiver", "password": "adgangskode-123"})
    assert client.post("/admin/2fa/", {"token": current_code(old), "next": "/admin/"}).status_code == 302
    page = client.get("/admin/2fa/opsaet/")
    assert page.status_code == 200 and "Tilføj en godkendelsesapp" in page.content.decode()
    new = TOTPDevice.objects.get(user=adviser, confirmed=False)
    response = client.post("/admin/2fa/opsaet/", {"token": current_code(new), "replace": "on", "next": "/admin/"})
    assert response.status_code == 302 and response.url == "/admin/"
    assert list(TOTPDevice.objects.filter(user=adviser).values_list("pk", flat=True)) == [new.pk]  # old one replaced
    entry = ModelLogEntry.objects.get(action="core.twofactor.device_added")
    assert entry.object_id == str(adviser.pk) and entry.user_id == adviser.pk
    assert list(OutboxMessage.objects.values_list("recipient", "subject")) == [
        (adviser.email, "En godkendelsesapp er tilføjet til din konto")]


def test_an_administrator_resets_a_lost_app_and_others_may_not(client, adviser):
    from wagtail.models import ModelLogEntry

    TOTPDevice.objects.create(user=adviser, name="app", confirmed=True)
    coordinator = UserFactory(username="koordinator", groups=["Coordinators"])
    client.force_login(coordinator)
    response = client.post(f"/admin/2fa/nulstil/{adviser.pk}/")
    assert response.status_code == 302 and response.url == "/admin/"  # Wagtail's "no permission" redirect
    assert TOTPDevice.objects.filter(user=adviser).exists()

    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    page = client.get(f"/admin/2fa/nulstil/{adviser.pk}/")
    assert page.status_code == 200 and "Nulstil totrinslogin" in page.content.decode()
    assert f"/admin/2fa/nulstil/{adviser.pk}/" in client.get("/admin/users/").content.decode()
    response = client.post(f"/admin/2fa/nulstil/{adviser.pk}/")
    assert response.status_code == 302 and response.url == "/admin/users/"
    assert not TOTPDevice.objects.filter(user=adviser).exists()
    entry = ModelLogEntry.objects.get(action="core.twofactor.devices_reset")
    assert entry.object_id == str(adviser.pk) and entry.user_id == admin.pk
    assert list(OutboxMessage.objects.values_list("recipient", "subject")) == [
        (adviser.email, "Dit totrinslogin er nulstillet")]
