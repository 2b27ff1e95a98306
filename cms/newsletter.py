"""Newsletter sign-up with double opt-in: nobody receives the newsletter before clicking the emailed link."""

import html
import re

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.rich_text import RichText

from core.email import send_email
from core.links import absolute

from .models import NewsletterIssue, Subscriber


@transaction.atomic
def sign_up(email):
    """Register `email` and send the confirmation link, unless it is already confirmed.

    The visitor sees the same answer either way, so the form does not reveal who subscribes.
    """
    subscriber, _created = Subscriber.objects.select_for_update().get_or_create(email=email.strip().lower())
    if subscriber.status == Subscriber.Status.CONFIRMED:
        return subscriber
    if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.PENDING
        subscriber.save(update_fields=["status"])
    send_email(
        to=subscriber.email, template="newsletter_confirm",
        context={"confirm_url": absolute(subscriber.confirm_url())},
    )
    return subscriber


class AlreadySent(Exception):
    pass


def plain_text(rich_text):
    """The text of a rich-text field for an email's plain-text part: paragraphs kept apart, tags and entities gone."""
    html_text = re.sub(r"</(p|h[1-6]|li)>", "\n\n", str(RichText(rich_text)))
    return html.unescape(strip_tags(html_text)).strip()


@transaction.atomic
def send_issue(issue):
    """Send `issue` once to every confirmed subscriber, each copy with its own unsubscribe link; returns the count.

    The issue row is locked while sending, so two clicks on "send" never send it twice.
    """
    issue = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
    if issue.sent_at:
        raise AlreadySent(issue.pk)
    subscribers = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).order_by("pk")
    body_text = plain_text(issue.body)
    for subscriber in subscribers:
        send_email(
            to=subscriber.email, template="newsletter_issue",
            context={"issue": issue, "body_text": body_text, "unsubscribe_url": absolute(subscriber.unsubscribe_url())},
        )
    issue.sent_at = timezone.now()
    issue.recipient_count = len(subscribers)
    issue.save(update_fields=["sent_at", "recipient_count"])
    return issue.recipient_count
