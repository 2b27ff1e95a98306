"""The viewflow process rows. Domain data lives in the domain models; a process only points at it."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process

from .meetings import InformationMeeting
from .registrations import Registration


class RegistrationProcess(Process):
    """A flow about one registration: its screening, a waiting-list seat offer, later the course itself."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="processes")

    class Meta:
        verbose_name = _("registration process")
        verbose_name_plural = _("registration processes")
        permissions = [
            ("screen_registration", _("Can screen registrations")),
            ("offer_seat", _("Can offer waiting-list seats")),
        ]


class MeetingProcess(Process):
    """The life of one information meeting: reminder, attendance, follow-up."""

    meeting = models.OneToOneField(InformationMeeting, on_delete=models.CASCADE, related_name="process")

    class Meta:
        verbose_name = _("information meeting process")
        verbose_name_plural = _("information meeting processes")
        permissions = [("take_attendance", _("Can record meeting attendance"))]
