"""The email service: outbox, background delivery after commit, retries, provider webhooks."""

import base64
import socket

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from core.email import Attachment, deliver_email, render_email, send_email
from core.models import OutboxMessage
from tests.support.fake_esp import FakePostmark

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker(**options):
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0, **options)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def postmark(settings):
    """Send through anymail's Postmark backend to a fake Postmark API on localhost."""
    fake = FakePostmark()
    fake.port = free_port()
    settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
    settings.ANYMAIL = {
        "POSTMARK_SERVER_TOKEN": "test-token",
        "POSTMARK_API_URL": fake.api_url,
        "WEBHOOK_SECRET": "hook:secret",
    }
    settings.TASKS = DB_QUEUE
    settings.EMAIL_RETRY_BASE_SECONDS = 0
    yield fake
    if fake.server:
        fake.stop()


def test_render_email_gives_danish_subject_text_and_html():
    subject, text, html = render_email("test_message", {"sent_at": None})
    assert subject == "Testbesked fra Peer-rådgivning"
    assert "virker afsendelsen af e-mails" in text
    assert '<html lang="da">' in html


@pytest.mark.django_db(transaction=True)
def test_nothing_is_sent_when_the_transaction_rolls_back(settings):
    settings.TASKS = DB_QUEUE
    with pytest.raises(RuntimeError), transaction.atomic():
        send_email(to="a@example.dk", template="test_message", context={})
        raise RuntimeError("the feature failed after asking for an email")
    run_worker()
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_the_message_and_its_task_commit_together_on_the_database_queue(settings):
    """No moment after the message's commit where a lost database leaves it without its task (the reliability
    test's restart under load found one): the task row is written inside the same transaction."""
    settings.TASKS = DB_QUEUE
    with transaction.atomic():
        message = send_email(to="a@example.dk", template="test_message", context={})
        [queued] = DBTaskResult.objects.all()  # already there, before the commit
        assert queued.task_path == "core.email.deliver_email" and queued.args_kwargs["args"] == [message.pk]
    run_worker()
    message.refresh_from_db()
    assert message.status == "sent"


@pytest.mark.django_db
def test_a_queue_outside_the_database_gets_the_task_only_after_the_commit(django_capture_on_commit_callbacks):
    """The suite's immediate queue stands for RQ here: it would run the task before the message is committed."""
    with django_capture_on_commit_callbacks() as callbacks:
        message = send_email(to="a@example.dk", template="test_message", context={})
        assert OutboxMessage.objects.get(pk=message.pk).status == "queued" and mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert OutboxMessage.objects.get(pk=message.pk).status == "sent"


@pytest.mark.django_db
def test_make_runs_local_mailbox_keeps_each_message_whole_and_prints_one_line(
        settings, tmp_path, capsys, django_capture_on_commit_callbacks):
    """EMAIL_PROVIDER=local (make run): the console gets who, what and where; var/mail/ the whole message."""
    settings.EMAIL_BACKEND = "core.email.LocalMailbox"
    settings.EMAIL_FILE_PATH = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        send_email(to="kommune@example.dk", template="test_message", context={})
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith('email to kommune@example.dk: "') and line.endswith(".log")
    [written] = tmp_path.iterdir()
    assert "Content-Type: multipart/alternative" in written.read_text()
    assert OutboxMessage.objects.get().status == "sent"


@pytest.mark.django_db(transaction=True)
def test_email_is_sent_by_the_worker_after_commit_with_attachment(settings):
    settings.TASKS = DB_QUEUE
    ics = Attachment("moede.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    message = send_email(to="kommune@example.dk", template="test_message", context={}, attachments=[ics])
    assert OutboxMessage.objects.get().status == "queued"  # committed, waiting for the worker
    assert mail.outbox == []
    run_worker()
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 1
    [sent] = mail.outbox
    assert sent.to == ["kommune@example.dk"]
    assert sent.alternatives[0][1] == "text/html"
    [calendar] = sent.attachments  # a calendar file is its own base64 MIME part, CRLF intact (core.email)
    assert calendar.get_filename() == "moede.ics" and calendar.get_payload(decode=True).endswith(b"\r\n")


@pytest.mark.django_db(transaction=True)
def test_provider_down_then_up_retries_until_sent_then_webhook_marks_delivered(postmark, client):
    # The provider is down: the message stays queued with its error, nothing is lost.
    message = send_email(to="kommune@example.dk", template="test_message", context={})
    run_worker(max_tasks=1)
    message.refresh_from_db()
    assert message.status == "queued" and message.attempts == 1
    assert "Connection" in message.last_error or "connect" in message.last_error.lower()

    # The provider comes back: the queued retry goes through.
    postmark.start()
    run_worker()
    message.refresh_from_db()
    assert message.status == "sent"
    assert message.attempts > 1
    assert message.last_error == ""
    [received] = postmark.received
    assert received["To"] == "kommune@example.dk" and received["token"] == "test-token"
    assert received["Subject"] == "Testbesked fra Peer-rådgivning"
    assert message.provider_message_id == received["MessageID"]

    # The provider calls our tracking webhook: the outbox row becomes delivered.
    auth = base64.b64encode(b"hook:secret").decode()
    response = client.post(
        "/anymail/postmark/tracking/",
        data={"RecordType": "Delivery", "MessageID": message.provider_message_id,
              "Recipient": "kommune@example.dk", "DeliveredAt": "2026-11-23T10:00:05Z", "Details": "OK"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {auth}",
    )
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == "delivered"


@pytest.mark.django_db(transaction=True)
def test_webhook_without_credentials_is_refused(postmark, client):
    response = client.post("/anymail/postmark/tracking/", data={}, content_type="application/json")
    assert response.status_code in (400, 401, 403)


@pytest.mark.django_db
def test_gives_up_after_the_maximum_attempts(settings):
    settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
    settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "t", "POSTMARK_API_URL": f"http://127.0.0.1:{free_port()}/"}
    settings.EMAIL_MAX_ATTEMPTS = 2
    message = OutboxMessage.objects.create(recipient="a@example.dk", template="t", subject="s", body_text="b")
    deliver_email.call(message.pk)
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("queued", 1)
    deliver_email.call(message.pk)
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 2)
    assert message.next_attempt_at is None
