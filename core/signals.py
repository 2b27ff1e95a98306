"""Provider webhooks: anymail normalises every ESP's tracking events into one signal."""

from anymail.signals import tracking
from django.dispatch import receiver
from django.utils import timezone

from .models import OutboxMessage

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
