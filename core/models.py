import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """One email, from the moment a feature asks for it until the provider reports what became of it.

    The rendered subject and bodies are stored, so a retry sends exactly what was first rendered and staff
    can read what a municipality received.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        BOUNCED = "bounced", _("Bounced")
        FAILED = "failed", _("Failed")

    recipient = models.EmailField(_("recipient"))
    template = models.CharField(_("template"), max_length=100)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("plain-text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    reply_to = models.EmailField(_("reply to"), blank=True)
    attachments = models.JSONField(
        _("attachments"), default=list, blank=True, help_text=_("File name, MIME type and base64 content.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    provider_message_id = models.CharField(_("provider message id"), max_length=255, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.subject} → {self.recipient}"


class ScheduledJob(models.Model):
    """When each periodic job last ran and when it is next due.

    Claiming a run is one conditional UPDATE, so two scheduler processes never run the same job twice.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    next_run_at = models.DateTimeField(_("next run"))
    last_started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PersonalDataRequest(models.Model):
    """The audit trail of access and erasure requests. It stores a hash of the address, never the address."""

    class Action(models.TextChoices):
        EXPORT = "export", _("Export")
        PREVIEW = "preview", _("Preview of erasure")
        ERASE = "erase", _("Erasure")

    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    email_sha256 = models.CharField(_("email (SHA-256)"), max_length=64, db_index=True)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("performed by"), null=True, on_delete=models.SET_NULL
    )
    performed_at = models.DateTimeField(_("performed"), auto_now_add=True)
    result = models.JSONField(_("records per source"), default=dict)

    class Meta:
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        ordering = ["-performed_at"]
        permissions = [
            ("manage_personal_data", _("Can export and erase personal data")),
            ("export_personal_data", _("Can download lists that hold personal data")),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.performed_at:%Y-%m-%d %H:%M}"

    @staticmethod
    def hash_email(email):
        return hashlib.sha256(email.strip().lower().encode()).hexdigest()


class RateLimitCounter(models.Model):
    """How often one visitor address used one public form in the current ten-minute window (core.ratelimit).

    In the database rather than a cache because every gunicorn worker, every app host and every process must count
    together: with a per-process cache each worker allowed the limit on its own. Rows whose window has passed count
    for nothing and are deleted by a scheduled job (core.jobs), so an address is kept for minutes only.
    """

    key = models.CharField(max_length=150, primary_key=True)  # "<kind>:<form>:<address>"
    hits = models.PositiveIntegerField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key}: {self.hits}"


class CalendarSequence(models.Model):
    """An event that goes out as a calendar file (core.ics): its SEQUENCE rises each time one of `calendar_fields`
    changes, so calendar programs replace the entry they have instead of keeping the old time beside the new."""

    calendar_fields = ()
    calendar_sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk and self.calendar_fields:
            before = type(self)._default_manager.filter(pk=self.pk).values(*self.calendar_fields).first()
            if before and any(before[name] != getattr(self, name) for name in self.calendar_fields):
                self.calendar_sequence += 1
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], "calendar_sequence"}
        super().save(*args, **kwargs)
