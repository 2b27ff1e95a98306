"""The one way this product sends email.

    send_email(to="a@b.dk", template="meeting_confirmation", context={...}, attachments=[...])

renders `templates/email/<template>/subject.txt`, `body.txt` and `body.html` in Danish, stores the message in
the outbox and hands it to the background worker with the surrounding transaction (`_hand_to_worker`). The worker sends
it through the configured provider and retries with exponential backoff until it succeeds or runs out of
attempts. Provider webhooks (anymail's tracking signal) move it on to delivered or bounced.
"""

import base64
import logging
import os
import sys
from dataclasses import dataclass
from datetime import timedelta
from email import encoders
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends import filebased
from django.db import transaction
from django.template import Context, engines
from django.template.loader import render_to_string, select_template
from django.utils import timezone, translation
from django_tasks import task
from django_tasks_db import DatabaseBackend

from . import ics
from .models import OutboxMessage

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str

    def as_json(self):
        return {
            "filename": self.filename,
            "mimetype": self.mimetype,
            "content": base64.b64encode(self.content).decode("ascii"),
        }


def _render_text(name, context):
    """A plain-text template, rendered without HTML escaping: a name like "Karen & Co <b>" arrives as typed."""
    return engines["django"].engine.get_template(name).render(Context(context, autoescape=False))


def render_email(template, context):
    """Return (subject, text, html) for an email template, rendered in Danish.

    The subject and the text are written once, in `subject.txt` and `body.txt`, and never HTML-escaped. The HTML
    part is `body.html` where a template needs a layout of its own, else the text in the common frame
    (`email/base.html`), escaped once and with its links made clickable."""
    context = {"base_url": settings.WAGTAILADMIN_BASE_URL, **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(_render_text(f"email/{template}/subject.txt", context).split())
        text = _render_text(f"email/{template}/body.txt", context).strip() + "\n"
        html = render_to_string(select_template([f"email/{template}/body.html", "email/base.html"]).template.name,
                                {**context, "subject": subject, "text": text})
    return subject, text, html


def send_email(*, to, template, context=None, attachments=(), reply_to=""):
    """Queue one email to one recipient; it is sent after the current transaction commits."""
    subject, text, html = render_email(template, context or {})
    message = OutboxMessage.objects.create(
        recipient=to,
        template=template,
        subject=subject[:255],
        body_text=text,
        body_html=html,
        reply_to=reply_to,
        attachments=[attachment.as_json() for attachment in attachments],
        next_attempt_at=timezone.now(),
    )
    _hand_to_worker(message.pk)
    return message


def _hand_to_worker(message_id, run_after=None):
    """Enqueue the message's delivery (at `run_after`, for a retry). The database queue (django-tasks-db, the
    default) gets its task row in the transaction that stores the message: both commit, or neither. Handed over
    after the commit instead, a database lost between the two (a restart under load) left a stored message without
    its task, waiting for `requeue_overdue`'s ten minutes. A queue elsewhere (RQ in Redis) is handed the task once
    the transaction has committed, so that its worker never looks for a message it cannot see yet."""
    def enqueue():
        (deliver_email.using(run_after=run_after) if run_after else deliver_email).enqueue(message_id)

    if isinstance(deliver_email.get_backend(), DatabaseBackend):
        enqueue()
    else:
        transaction.on_commit(enqueue)


def retry_delay(attempts):
    """Exponential backoff: base, 2x base, 4x base, ... capped at six hours."""
    return timedelta(seconds=min(settings.EMAIL_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), 6 * 3600))


def calendar_attachment(filename, *events, method=ics.PUBLISH, attendee=""):
    """A calendar file for an email (`core.ics`): PUBLISH to add events, CANCEL to take them out again."""
    return Attachment(filename, ics.calendar(*events, method=method, attendee=attendee), ics.content_type(method))


def _mime_part(attachment):
    """A calendar file keeps its `method=` parameter and is base64-encoded, so its CRLF line endings arrive as
    written; anything else goes as Django attaches it."""
    content = base64.b64decode(attachment["content"])
    maintype, _slash, rest = attachment["mimetype"].partition("/")
    subtype, *params = [part.strip() for part in rest.split(";")]
    if (maintype, subtype) != ("text", "calendar"):
        return None
    part = MIMEBase(maintype, subtype, **dict(param.split("=", 1) for param in params))
    part.set_payload(content)
    encoders.encode_base64(part)
    part.add_header("Content-Disposition", "attachment", filename=attachment["filename"])
    return part


def _build(message, connection):
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        reply_to=[message.reply_to] if message.reply_to else None,
        connection=connection,
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        part = _mime_part(attachment)
        if part is not None:
            email.attach(part)
        else:
            email.attach(attachment["filename"], base64.b64decode(attachment["content"]), attachment["mimetype"])
    return email


@task()
def deliver_email(message_id):
    """Try to send one outbox message; on a provider error, schedule the next attempt.

    Safe to run again for the same message, which happens on purpose: a worker back from a database outage re-runs
    the task it was cut off in, `core.jobs.requeue_stale_tasks` re-runs the tasks of a worker that died, and
    `requeue_overdue` enqueues lost messages anew. The message is re-read under a row lock and sent only while it
    is still queued, so a second run waits for the first and then finds it sent. The one duplicate that remains
    possible: a worker killed after the provider accepted the message but before the commit; the message is still
    queued and goes out once more (at least once, never lost).
    """
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status != OutboxMessage.Status.QUEUED:
            return  # already sent by an earlier attempt, or deleted
        now = timezone.now()
        message.attempts += 1
        try:
            email = _build(message, get_connection())
            email.send()
        except Exception as error:  # any provider or network error: keep the message, try again later
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            if message.attempts >= settings.EMAIL_MAX_ATTEMPTS:
                message.status = OutboxMessage.Status.FAILED
                message.status_changed_at = now
                message.next_attempt_at = None
                logger.error("Email %s failed for good after %s attempts", message.pk, message.attempts)
            else:
                message.next_attempt_at = now + retry_delay(message.attempts)
                logger.warning("Email %s attempt %s failed, retrying: %s", message.pk, message.attempts, error)
            message.save()
            if message.status == OutboxMessage.Status.QUEUED:
                _hand_to_worker(message.pk, run_after=message.next_attempt_at)
            return
        status = getattr(email, "anymail_status", None)
        message.provider_message_id = (status.message_id if status else "") or ""
        message.status = OutboxMessage.Status.SENT
        message.sent_at = message.status_changed_at = now
        message.next_attempt_at = None
        message.last_error = ""
        message.save()


def requeue_overdue(grace=timedelta(minutes=10)):
    """Hand the worker any queued message whose attempt is long overdue (its task was lost); returns count.

    Safe to run while the original task is still waiting: delivery re-checks the status under a row lock.
    """
    overdue = OutboxMessage.objects.filter(
        status=OutboxMessage.Status.QUEUED, next_attempt_at__lt=timezone.now() - grace
    ).values_list("pk", flat=True)
    count = 0
    for pk in overdue:
        deliver_email.enqueue(pk)
        count += 1
    return count


class LocalMailbox(filebased.EmailBackend):
    """`make run`'s transport (EMAIL_PROVIDER=local): each message whole in a file under var/mail/, and one line on
    the worker's output saying who got what and where to read it, instead of the raw message."""

    def write_message(self, message):
        super().write_message(message)
        self.stream.flush()
        where = os.path.relpath(self._fname, settings.BASE_DIR)
        sys.stdout.write(f'email to {", ".join(message.to)}: "{message.subject}" -> {where}\n')
        sys.stdout.flush()

