"""Online information meetings, the people signed up for them, and the process that follows each meeting."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process

from core.models import CalendarSequence

from ..programme.models import Municipality, Programme


class InformationMeeting(CalendarSequence):
    """A free 45-minute online meeting. The meeting link is only ever sent to people signed up."""

    calendar_fields = ("starts_at", "duration_minutes", "meeting_url")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="meetings",
                                  verbose_name=_("programme"))
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"), default=45)
    meeting_url = models.URLField(_("online meeting link"))
    capacity = models.PositiveIntegerField(_("capacity"), default=50)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="hosted_meetings", verbose_name=_("hosting adviser"),
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("information meeting")
        verbose_name_plural = _("information meetings")

    def __str__(self):
        return formats.localize(timezone.localtime(self.starts_at))

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    def is_open(self, now=None):
        """Sign-up closes when the meeting starts."""
        return (now or timezone.now()) < self.starts_at

    def seats_left(self):
        return max(self.capacity - self.signups.active().count(), 0)


class MeetingSignupQuerySet(models.QuerySet):
    def active(self):
        return self.filter(cancelled_at__isnull=True)


class MeetingSignup(models.Model):
    wagtail_reference_index_ignore = True  # a public submission, not content (see Registration)

    meeting = models.ForeignKey(InformationMeeting, on_delete=models.CASCADE, related_name="signups",
                                verbose_name=_("information meeting"))
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, verbose_name=_("municipality"))
    role = models.CharField(_("role"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    objects = MeetingSignupQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "name"]
        verbose_name = _("meeting sign-up")
        verbose_name_plural = _("meeting sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "email"], condition=models.Q(cancelled_at__isnull=True),
                name="one_active_signup_per_email",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.municipality})"


class MeetingProcess(Process):
    """The life of one information meeting: reminder, attendance, follow-up."""

    meeting = models.OneToOneField(InformationMeeting, on_delete=models.CASCADE, related_name="process")

    class Meta:
        verbose_name = _("information meeting process")
        verbose_name_plural = _("information meeting processes")
        permissions = [("take_attendance", _("Can record meeting attendance"))]
