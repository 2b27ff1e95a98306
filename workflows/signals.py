"""Model events that drive programme machinery: a new meeting starts its flow and a moved one moves its timers;
a capacity change may free seats."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Cohort, InformationMeeting, Programme


@receiver(post_save, sender=InformationMeeting)
def start_or_reschedule_meeting_flow(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    from .flows import MeetingFlow, reschedule_meeting

    if created:
        MeetingFlow.start.run(meeting=instance)
    else:
        reschedule_meeting(instance)


@receiver(post_save, sender=Programme)
@receiver(post_save, sender=Cohort)
def offer_freed_seats(sender, instance, created, raw=False, **kwargs):
    """A raised capacity frees seats for the waiting list (lowering it never takes a seat away)."""
    if raw or created:
        return
    from .seats import update_seats

    programme = instance if isinstance(instance, Programme) else instance.programme
    update_seats(programme)
