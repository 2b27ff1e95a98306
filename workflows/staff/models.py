import secrets

from django.conf import settings
from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from core.signals import user_deactivated


def new_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A member of staff's personal calendar subscription (`/medarbejderkalender/<token>.ics`, added to Outlook
    once). The token is the only key, so it is long and random, and "make a new address" revokes the old one at once."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")

    def __str__(self):
        return str(self.user)

    def renew(self):
        self.token = new_token()
        self.save(update_fields=["token"])


@receiver(user_deactivated)
def revoke_calendar_feed(sender, user_ids, **kwargs):
    """A deactivated account's calendar address stops for good: reactivated, the person makes a new one (an old
    address may still sit in a calendar program or a forwarded email)."""
    CalendarFeed.objects.filter(user_id__in=user_ids).delete()
