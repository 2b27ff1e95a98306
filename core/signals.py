"""Provider webhooks: anymail normalises every ESP's tracking events into one signal. And `user_deactivated`, for
whatever a user holds that must stop working when their account is deactivated (the calendar feed's secret address,
workflows.staff.models): reactivating the account later must not bring it back."""

from anymail.signals import tracking
from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import Signal, receiver
from django.utils import timezone

from .models import OutboxMessage

# Sent with `user_ids` when accounts are deactivated: saved inactive (the user editor, Django's admin) or set
# inactive in bulk from Wagtail's user list (a queryset update, which sends no post_save; core.wagtail_hooks).
user_deactivated = Signal()


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def tell_about_deactivation(sender, instance, **kwargs):
    if not instance.is_active:
        user_deactivated.send(sender=sender, user_ids=[instance.pk])

_STATUS_BY_EVENT = {
    "delivered": OutboxMessage.Status.DELIVERED,
    "bounced": OutboxMessage.Status.BOUNCED,
    "rejected": OutboxMessage.Status.BOUNCED,
    "failed": OutboxMessage.Status.FAILED,
}


@receiver(tracking)
def update_outbox_status(sender, event, esp_name, **kwargs):
    status = _STATUS_BY_EVENT.get(event.event_type)
    if status and event.message_id:
        OutboxMessage.objects.filter(provider_message_id=event.message_id).update(
            status=status,
            status_changed_at=timezone.now(),
            last_error=(event.description or event.mta_response or "")[:2000] if status != "delivered" else "",
        )
