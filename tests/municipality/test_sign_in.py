"""Signing in by a one-time link: no oracle, one use, a short life, a button rather than a GET, rate limits."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext as _
from sesame import settings as sesame_settings
from sesame.utils import get_token

from core import ratelimit
from core.models import OutboxMessage
from devtools.factories.core import UserFactory
from workflows.municipality import links, services
from workflows.municipality.models import CasePerson

from .conftest import SIGN_IN, last_link, plan_url, sign_in

pytestmark = pytest.mark.django_db


def _request(client, address):
    response = client.post(SIGN_IN, {"email": address})
    assert response.status_code == 302
    return client.get(response["Location"])


def test_links_are_single_use_and_short_lived_by_configuration():
    assert settings.SESAME_ONE_TIME is True
    assert 0 < sesame_settings.MAX_AGE <= 15 * 60


def test_the_answer_is_the_same_for_a_known_and_an_unknown_address_and_only_the_known_gets_mail(client, case):
    known = _request(client, case.aarhus.contact_email.upper())
    unknown = _request(client, "ingen@kommune.example.dk")
    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content
    assert _("Check your email") in known.content.decode()
    assert not OutboxMessage.objects.filter(recipient="ingen@kommune.example.dk").exists()
    sent = OutboxMessage.objects.get(template=services.SIGN_IN_TEMPLATE)
    assert sent.recipient == case.aarhus.contact_email.lower()
    assert "15 minutter" in sent.body_text and "Aarhus" in sent.body_text and "/forloeb/jeres/link/" in sent.body_text
    # the contact person now has an account of their own, without staff access or a password
    person = CasePerson.objects.select_related("user").get(registration=case.aarhus)
    assert person.role == CasePerson.Role.CONTACT and person.name == case.aarhus.contact_name
    assert not person.user.is_staff and not person.user.has_usable_password()
    assert not person.user.has_perm("wagtailadmin.access_admin")


def test_a_staff_members_address_gets_no_link_and_no_access(client, case):
    _request(client, case.adviser.email)
    assert not OutboxMessage.objects.filter(template=services.SIGN_IN_TEMPLATE).exists()


def test_following_the_link_signs_nobody_in_pressing_the_button_does_once(client, case):
    _request(client, case.aarhus.contact_email)
    link = last_link(case.aarhus.contact_email)
    page = client.get(link)  # what a mail scanner does
    assert page.status_code == 200 and _("Sign in") in page.content.decode()
    assert client.get(plan_url(case.aarhus)).status_code == 302  # still signed out: to the sign-in page
    assert client.post(link)["Location"] == "/forloeb/jeres/"
    assert client.get("/forloeb/jeres/")["Location"] == plan_url(case.aarhus)
    assert client.get(plan_url(case.aarhus)).status_code == 200

    other = client.__class__()
    used = other.post(link)  # the same link again, elsewhere
    assert used.status_code == 410 and _("The link no longer works") in used.content.decode()
    assert other.get(plan_url(case.aarhus)).status_code == 302


def test_a_link_expires(client, case):
    _request(client, case.aarhus.contact_email)
    link = last_link(case.aarhus.contact_email)
    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=False):
        assert client.get(link).status_code == 410
        assert client.post(link).status_code == 410
    assert client.get(plan_url(case.aarhus)).status_code == 302


def test_a_tampered_link_fails(client, case):
    _request(client, case.aarhus.contact_email)
    link = last_link(case.aarhus.contact_email)
    token = link.rstrip("/").rsplit("/", 1)[1]
    flipped = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    for bad in (flipped, token[:-4], "x" * 40, token + "A"):
        assert client.post(f"/forloeb/jeres/link/{bad}/").status_code == 410
    assert client.get(plan_url(case.aarhus)).status_code == 302


def test_a_link_for_a_staff_account_opens_nothing(client, case):
    token = get_token(case.adviser, links.SCOPE)
    assert client.post(f"/forloeb/jeres/link/{token}/").status_code == 410


def test_asking_too_often_from_one_visitor_is_refused_in_danish_with_the_input_kept(client, case, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 2
    for _n in range(2):
        assert client.post(SIGN_IN, {"email": "ingen@kommune.example.dk"}).status_code == 302
    refused = client.post(SIGN_IN, {"email": case.aarhus.contact_email})
    assert refused.status_code == 429
    page = refused.content.decode()
    assert str(ratelimit.MESSAGE) in page and case.aarhus.contact_email in page
    assert not OutboxMessage.objects.filter(template=services.SIGN_IN_TEMPLATE).exists()


def test_one_address_gets_a_few_links_however_many_visitors_ask(case):
    for n in range(6):
        Client(REMOTE_ADDR=f"10.0.0.{n + 1}").post(SIGN_IN, {"email": case.aarhus.contact_email})
    assert OutboxMessage.objects.filter(template=services.SIGN_IN_TEMPLATE).count() == services.EMAILS_PER_ADDRESS


def test_a_bad_address_is_a_danish_message_with_the_input_kept(client, case):
    response = client.post(SIGN_IN, {"email": "ikke en adresse"})
    assert response.status_code == 200
    page = response.content.decode()
    assert _("Enter a valid email address.") in page and 'value="ikke en adresse"' in page


def test_signing_out_ends_access(client, case):
    sign_in(client, case.aarhus.contact_email)
    assert client.get(plan_url(case.aarhus)).status_code == 200
    response = client.post("/forloeb/jeres/log-ud/", follow=True)
    assert _("You are signed out.") in response.content.decode()
    assert client.get(plan_url(case.aarhus)).status_code == 302


def test_a_second_contact_person_signs_in_too(client, case):
    case.aarhus.second_contact_name, case.aarhus.second_contact_email = "Sofie Hansen", "sofie@aarhus.example.dk"
    case.aarhus.save()
    sign_in(client, "Sofie@Aarhus.example.dk")
    assert client.get(plan_url(case.aarhus)).status_code == 200
    assert UserFactory._meta.model.objects.filter(email="sofie@aarhus.example.dk").count() == 1


def test_the_status_link_keeps_working_and_points_to_the_sign_in(client, case):
    from workflows.registration import links as status_links

    page = client.get(f"/forloeb/status/{status_links.status_token(case.aarhus)}/").content.decode()
    assert _("Sign in to do your part") in page and f'href="{SIGN_IN}"' in page
