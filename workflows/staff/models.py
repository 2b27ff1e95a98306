from django.conf import settings
from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from core.ics import Subscription
from core.ics import new_token as new_token  # the token's default in migration 0011
from core.signals import user_deactivated


class CalendarFeed(Subscription):
    """A member of staff's personal calendar subscription (`/medarbejderkalender/<token>.ics`, added to Outlook
    once): its token, lookup and renewal are every subscription's (`core.ics.Subscription`)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")

    class Meta:
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")

    def __str__(self):
        return str(self.user)


@receiver(user_deactivated)
def revoke_calendar_feed(sender, user_ids, **kwargs):
    """A deactivated account's calendar address stops for good: reactivated, the person makes a new one (an old
    address may still sit in a calendar program or a forwarded email)."""
    CalendarFeed.objects.filter(user_id__in=user_ids).delete()
