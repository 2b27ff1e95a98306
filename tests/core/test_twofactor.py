"""Two-factor sign-in for staff: a code from an authenticator app after the password, for the admin and the back
office; required for everyone on staff when STAFF_2FA_REQUIRED is on (the production default)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django.utils.html import escape
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import OutboxMessage
from core.twofactor import TOO_MANY_FROM_HERE, TOO_MANY_IN_SIGN_IN
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

    # A wrong code is counted for this sign-in and this address, never on the device (core.twofactor): the next
    # try, a moment later, goes through.
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


# --- Content for signed-in users (Wagtail's page and document privacy) asks for the code too --------------------

def wrong_code(device):
    """A code the device does not accept now (none of the codes of the steps its tolerance allows)."""
    valid = set()
    for offset in range(-device.tolerance, device.tolerance + 1):
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = totp.time + offset * device.step
        valid.add(f"{totp.token():0{device.digits}d}")
    return next(code for code in (f"{n:06d}" for n in range(0, 1_000_000, 7919)) if code not in valid)


@pytest.fixture
def private_page():
    from wagtail.models import PageViewRestriction

    from cms.models import HomePage
    from devtools.factories.cms import StandardPageFactory

    page = StandardPageFactory(parent=HomePage.objects.get(), title="Intern vejledning", slug="intern",
                               intro="Kun for medarbejdere.")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


def front_end_sign_in(client, next_url, username="raadgiver", password="adgangskode-123"):
    """Wagtail's sign-in for private pages (/_util/login/), where a private page sends the visitor."""
    response = client.post("/_util/login/", {"username": username, "password": password, "next": next_url})
    assert response.status_code == 302 and response.url == next_url
    return response


def test_the_password_alone_at_the_front_end_sign_in_never_opens_a_private_page(client, adviser, private_page):
    """The attack: the password, typed at /_util/login/ (outside the staff addresses), opened private pages."""
    device = TOTPDevice.objects.create(user=adviser, name="app", confirmed=True)
    url = private_page.url
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/_util/login/?next=")

    front_end_sign_in(client, url)
    response = client.get(url)
    assert response.status_code == 302 and response.url == "/admin/2fa/?next=%2Fintern%2F"
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert "Kun for medarbejdere" not in response.content.decode()

    prompt = client.get(response.url)
    assert prompt.status_code == 200 and 'value="/intern/"' in prompt.content.decode()
    response = client.post("/admin/2fa/", {"token": current_code(device), "next": url})
    assert response.status_code == 302 and response.url == url  # back to the private page
    page = client.get(url)
    assert page.status_code == 200 and "Kun for medarbejdere" in page.content.decode()


def test_a_page_for_some_groups_and_a_private_document_ask_for_the_code_too(client, adviser, private_page):
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

    from devtools.factories.cms import DocumentFactory

    device = TOTPDevice.objects.create(user=adviser, name="app", confirmed=True)
    private_page.view_restrictions.all().delete()
    groups = PageViewRestriction.objects.create(page=private_page, restriction_type=PageViewRestriction.GROUPS)
    groups.groups.add(Group.objects.get(name="Advisers"))
    collection = Collection.get_first_root_node().add_child(name="Interne dokumenter")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    document = DocumentFactory(title="Intern note", collection=collection)
    document_url = document.url

    front_end_sign_in(client, private_page.url)
    for url in (private_page.url, document_url):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/admin/2fa/?next="), url
    document.refresh_from_db()
    assert document.download_count == 0  # refused before the download was counted

    client.post("/admin/2fa/", {"token": current_code(device), "next": "/"})
    assert client.get(private_page.url).status_code == 200
    assert client.get(document_url).status_code == 200


def test_when_required_staff_without_an_app_set_one_up_before_a_private_page(client, adviser, private_page,
                                                                              settings):
    settings.STAFF_2FA_REQUIRED = True
    front_end_sign_in(client, private_page.url)
    response = client.get(private_page.url)
    assert response.status_code == 302 and response.url == "/admin/2fa/opsaet/?next=%2Fintern%2F"
    client.get(response.url)
    device = TOTPDevice.objects.get(user=adviser, confirmed=False)
    response = client.post("/admin/2fa/opsaet/", {"token": current_code(device), "next": private_page.url})
    assert response.status_code == 302 and response.url == private_page.url
    assert client.get(private_page.url).status_code == 200


def test_a_shared_password_page_and_public_pages_are_left_to_wagtail(client, adviser, private_page):
    from wagtail.models import PageViewRestriction

    TOTPDevice.objects.create(user=adviser, name="app", confirmed=True)
    private_page.view_restrictions.update(restriction_type=PageViewRestriction.PASSWORD, password="kodeord")
    client.force_login(adviser)
    response = client.get(private_page.url)
    assert response.status_code == 200 and "kodeord" not in response.content.decode()  # Wagtail's password form
    assert client.get("/").status_code == 200


def test_confirming_the_code_gives_the_session_a_new_key(client, adviser, private_page):
    """A session key known while only the password was in (planted, or read from a shared machine) is worth nothing
    once the code is confirmed."""
    device = TOTPDevice.objects.create(user=adviser, name="app", confirmed=True)
    front_end_sign_in(client, private_page.url)
    before = client.cookies["sessionid"].value
    client.post("/admin/2fa/", {"token": current_code(device), "next": private_page.url})
    after = client.cookies["sessionid"].value
    assert after != before
    assert client.get(private_page.url).status_code == 200

    from django.test import Client

    stale = Client()
    stale.cookies["sessionid"] = before
    response = stale.get(private_page.url)
    assert response.status_code == 302 and response.url.startswith("/_util/login/")


def test_setting_up_the_first_app_gives_the_session_a_new_key(client, adviser, settings):
    settings.STAFF_2FA_REQUIRED = True
    client.post("/admin/login/", {"username": "raadgiver", "password": "adgangskode-123"})
    client.get("/admin/2fa/opsaet/")
    before = client.cookies["sessionid"].value
    device = TOTPDevice.objects.get(user=adviser, confirmed=False)
    client.post("/admin/2fa/opsaet/", {"token": current_code(device), "next": "/admin/"})
    assert client.cookies["sessionid"].value != before
    assert client.get("/admin/").status_code == 200


# --- Wrong codes: limited per sign-in and per address, so an attacker cannot keep the real user out -------------

ATTACKER, OFFICE = "203.0.113.66", "198.51.100.7"


def test_an_attacker_with_the_password_failing_codes_does_not_stop_the_real_users_code(adviser):
    """The attack: holding the password, an attacker types wrong codes again and again. django-otp counted them on
    the device, so the real user's correct code was refused too. Now the attacker runs out, the user does not."""
    from django.test import Client

    device = TOTPDevice.objects.create(user=adviser, name="app", confirmed=True)
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for _sign_in in range(2):
        attacker.post("/admin/login/", {"username": "raadgiver", "password": "adgangskode-123"})
        answers = [attacker.post("/admin/2fa/", {"token": wrong_code(device), "next": "/admin/"}) for _try in range(5)]
        assert [answer.status_code for answer in answers] == [200, 200, 200, 200, 302]
        assert answers[-1].url.startswith("/admin/login/")  # five misses in one sign-in: signed out
        assert escape(str(TOO_MANY_IN_SIGN_IN)) in attacker.get(answers[-1].url).content.decode()
        assert not attacker.get("/admin/").wsgi_request.user.is_authenticated
    # Ten misses from one address for one account: that address is refused for a while, even a right code.
    attacker.post("/admin/login/", {"username": "raadgiver", "password": "adgangskode-123"})
    refused = attacker.post("/admin/2fa/", {"token": current_code(device), "next": "/admin/"})
    assert refused.status_code == 200 and escape(str(TOO_MANY_FROM_HERE)) in refused.content.decode()
    assert attacker.get("/admin/").url.startswith("/admin/2fa/")

    # Meanwhile the real user signs in from the office with the right code, at once.
    user = Client(REMOTE_ADDR=OFFICE)
    assert user.post("/admin/login/", {"username": "raadgiver", "password": "adgangskode-123"}).status_code == 302
    response = user.post("/admin/2fa/", {"token": current_code(device), "next": "/admin/"})
    assert response.status_code == 302 and response.url == "/admin/"
    assert user.get("/admin/").status_code == 200


def test_a_user_who_mistypes_still_gets_in_with_the_right_code_in_the_same_sign_in(client, adviser):
    device = TOTPDevice.objects.create(user=adviser, name="app", confirmed=True)
    client.post("/admin/login/", {"username": "raadgiver", "password": "adgangskode-123"})
    for _try in range(4):
        response = client.post("/admin/2fa/", {"token": wrong_code(device), "next": "/admin/"})
        assert response.status_code == 200 and "Koden er forkert eller udløbet" in response.content.decode()
    response = client.post("/admin/2fa/", {"token": current_code(device), "next": "/admin/"})
    assert response.status_code == 302 and response.url == "/admin/"
