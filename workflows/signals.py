"""Model events that drive programme machinery: a new meeting starts its flow and a moved one moves its timers;
a capacity change may free seats; anything the public programme page shows retires the cached public pages."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core import pagecache

from .models import Cohort, InformationMeeting, MeetingSignup, Programme, Registration

# The public programme page shows cohorts, deadlines, seats left and meeting places (selectors.programme_overview).
# Seat changes on registrations go through seats.update_seats, which retires the cached pages itself.
for model in (Programme, Cohort, InformationMeeting, MeetingSignup):
    post_save.connect(pagecache.invalidate_on_commit, sender=model)
for model in (Programme, Cohort, InformationMeeting, MeetingSignup, Registration):
    post_delete.connect(pagecache.invalidate_on_commit, sender=model)


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
