"""Newsletter subscribers with double opt-in, kept by us (no third-party service)."""

import secrets

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField


def new_token():
    return secrets.token_urlsafe(24)


class Subscriber(models.Model):
    """Someone who asked for the newsletter. Only confirmed subscribers receive it; every issue carries the
    personal unsubscribe link made from `token`."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    email = models.EmailField(_("email"), unique=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email

    def confirm_url(self):
        return reverse("newsletter_confirm", args=[self.token])

    def unsubscribe_url(self):
        return reverse("newsletter_unsubscribe", args=[self.token])

    def confirm(self):
        self.status, self.confirmed_at, self.unsubscribed_at = self.Status.CONFIRMED, timezone.now(), None
        self.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])

    def unsubscribe(self):
        self.status, self.unsubscribed_at = self.Status.UNSUBSCRIBED, timezone.now()
        self.save(update_fields=["status", "unsubscribed_at"])


class NewsletterIssue(models.Model):
    """One newsletter. Staff write it in the admin and send it once to every confirmed subscriber; each copy
    carries the recipient's own unsubscribe link (cms.newsletter.send_issue)."""

    subject = models.CharField(_("subject"), max_length=200)
    body = RichTextField(_("text"), features=["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0, editable=False)

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject

    @property
    def send_label(self):
        if self.sent_at:
            return _("Sent to %(count)s") % {"count": self.recipient_count}
        return _("Send…")
