"""Wagtail's "forgot your password?" goes through the email outbox like every other email: stored, sent by the worker
after commit and retried when the provider fails (it used to be handed to SMTP inside the request: a 451 answer lost
the link while the page said it had been sent)."""

import re

import pytest
from django.core import mail

from core.models import OutboxMessage
from devtools.factories.core import UserFactory
from tests.core.test_email import postmark, run_worker  # noqa: F401  (the fake provider fixture)

RESET = "/admin/password_reset/"


def reset_link(text):
    return re.search(r"https?://\S+/admin/password_reset/confirm/\S+/", text).group(0)


@pytest.mark.django_db
def test_a_password_reset_is_an_outbox_message_with_a_working_link(client, settings,
                                                                    django_capture_on_commit_callbacks):
    settings.WAGTAILADMIN_BASE_URL = "https://peer.example.dk"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "app-host-2.internal"]
    user = UserFactory(username="raadgiver", email="anne@peer.example.dk", password="gammel-kode-123",
                       groups=["Advisers"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RESET, {"email": "anne@peer.example.dk"}, HTTP_HOST="app-host-2.internal")
    assert response.status_code == 302 and response.url == "/admin/password_reset/done/"
    message = OutboxMessage.objects.get()
    assert (message.recipient, message.template, message.status) == ("anne@peer.example.dk", "password_reset", "sent")
    assert message.subject == "Ny adgangskode til Peer-rådgivning"
    link = reset_link(message.body_text)
    assert link.startswith("https://peer.example.dk/")  # the site's address, never the request's Host header
    [sent] = mail.outbox
    assert sent.to == ["anne@peer.example.dk"] and link in sent.body

    form = client.get(link.removeprefix("https://peer.example.dk"), follow=True)
    assert form.status_code == 200
    response = client.post(form.redirect_chain[-1][0], {"new_password1": "Ny-kode-til-anne-42",
                                                        "new_password2": "Ny-kode-til-anne-42"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Ny-kode-til-anne-42")


@pytest.mark.django_db
def test_an_unknown_address_gets_the_same_answer_and_no_email(client):
    response = client.post(RESET, {"email": "ukendt@example.dk"})
    assert response.status_code == 302 and response.url == "/admin/password_reset/done/"
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_provider_failure_is_retried_until_the_reset_email_is_sent(client, postmark):  # noqa: F811
    UserFactory(username="raadgiver", email="anne@peer.example.dk", groups=["Advisers"])
    response = client.post(RESET, {"email": "anne@peer.example.dk"})
    assert response.status_code == 302  # the page says it was sent: now it is true, the outbox keeps it

    run_worker(max_tasks=1)  # the provider is down
    message = OutboxMessage.objects.get(template="password_reset")
    assert message.status == "queued" and message.attempts == 1 and message.last_error

    postmark.start()  # the provider is back: the queued retry goes through
    run_worker()
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts > 1
    [received] = postmark.received
    assert received["To"] == "anne@peer.example.dk"
    assert reset_link(message.body_text) in received["TextBody"]
