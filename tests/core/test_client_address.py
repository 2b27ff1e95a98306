"""The visitor's address, as the rate limits, the sign-in lockout and the logs see it (core.clientip).

Production sets SECURE_PROXY_SSL_HEADER; the tests set it too, so they show that it no longer decides anything:
only PROXY_COUNT says how many X-Forwarded-For entries the site's own proxies appended."""

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory

from core.clientip import client_ip
from devtools.factories.core import UserFactory

PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


@pytest.fixture
def behind(settings):
    """behind(n): the site as deployed with n proxies in front."""

    def configure(proxies):
        settings.SECURE_PROXY_SSL_HEADER = PROXY_SSL_HEADER
        settings.PROXY_COUNT = proxies

    return configure


def request(remote_addr="127.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **extra)


def test_without_proxies_the_forwarded_header_is_ignored(behind):
    behind(0)
    assert client_ip(request("198.51.100.4", forwarded="203.0.113.9")) == "198.51.100.4"


def test_one_proxy_the_address_it_appended_counts_not_what_the_client_sent(behind):
    behind(1)
    assert client_ip(request(forwarded="203.0.113.9, 198.51.100.4")) == "198.51.100.4"


def test_two_proxies_the_address_the_outer_one_appended(behind):
    behind(2)  # a load balancer, then nginx: nginx appends the balancer's address last
    assert client_ip(request("127.0.0.1", forwarded="203.0.113.9, 198.51.100.4, 10.0.0.5")) == "198.51.100.4"
    assert client_ip(request("127.0.0.1", forwarded="2001:db8::7, [2001:db8::8]:4711, 10.0.0.5")) == "2001:db8::8"


def test_a_request_that_did_not_pass_every_proxy_counts_as_the_peer(behind):
    behind(2)
    assert client_ip(request("10.0.0.5", forwarded="198.51.100.4")) == "10.0.0.5"
    assert client_ip(request("10.0.0.5")) == "10.0.0.5"
    assert client_ip(request("10.0.0.5", forwarded="nonsense, also nonsense")) == "10.0.0.5"


@pytest.mark.django_db
def test_rotating_the_forwarded_header_does_not_escape_the_rate_limit(client, behind):
    behind(0)
    statuses = [
        client.post("/nyhedsbrev/", {"email": f"person{n}@example.dk"}, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        .status_code for n in range(django_settings.PUBLIC_FORM_RATE_LIMIT + 3)
    ]
    assert statuses.count(302) == django_settings.PUBLIC_FORM_RATE_LIMIT  # the rest see the form with the message


@pytest.mark.django_db
def test_sign_in_lockout_is_per_visitor_behind_the_proxy(client, behind, settings):
    """Five wrong passwords from one visitor lock that visitor out, not every colleague behind the same proxy."""
    behind(1)
    settings.AXES_ENABLED = True
    UserFactory(username="editor", password="right-password-123")
    attacker = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "editor", "password": "wrong"}, **attacker)
    assert client.post("/admin/login/", {"username": "editor", "password": "wrong"}, **attacker).status_code == 429

    colleague = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.10"}
    response = client.post("/admin/login/", {"username": "editor", "password": "right-password-123"}, **colleague)
    assert response.status_code == 302 and response["Location"] == "/admin/"

