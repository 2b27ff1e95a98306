"""Model events that drive programme machinery: a new information meeting starts its process and a moved one moves
its timers; a raised capacity may free seats; anything the public programme page shows retires the cached public
pages, and so does a self-assessment (the published results); a deleted attachment or document takes its file
along. Connected once, from `WorkflowsConfig.ready`."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core import pagecache, uploads

from .course.documents import CourseDocument
from .course.notifications import send_calendar_cancellations
from .meetings.flows import reschedule
from .meetings.models import InformationMeeting, MeetingSignup
from .outcomes import results
from .outcomes.models import Answer, Indicator, SelfAssessment
from .processes import Process, start
from .programme.models import Cohort, Programme
from .registration.models import MessageAttachment, Registration
from .registration.seats import update_seats
from .registration.services import case_ended

case_ended.connect(send_calendar_cancellations)

# The public programme page shows cohorts, deadlines, seats left and meeting places (registration.overview).
# Seat changes on registrations go through seats.update_seats, which retires the cached pages itself.
for model in (Programme, Cohort, InformationMeeting, MeetingSignup):
    post_save.connect(pagecache.invalidate_on_commit, sender=model)
for model in (Programme, Cohort, InformationMeeting, MeetingSignup, Registration):
    post_delete.connect(pagecache.invalidate_on_commit, sender=model)

# The published results (the CMS "results" block) follow the assessments and the indicators' wording.
for model in (SelfAssessment, Answer, Indicator):
    post_save.connect(results.changed, sender=model)
    post_delete.connect(results.changed, sender=model)

# A private upload's file goes with its record, however the record goes (deleted, or with its case or cohort).
for model in (MessageAttachment, CourseDocument):
    post_delete.connect(uploads.delete_file, sender=model)


@receiver(post_save, sender=InformationMeeting)
def start_or_reschedule_meeting_process(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        start(Process.MEETING, meeting=instance)
    else:
        reschedule(instance)


@receiver(post_save, sender=Programme)
@receiver(post_save, sender=Cohort)
def offer_freed_seats(sender, instance, created, raw=False, **kwargs):
    """A raised capacity frees seats for the waiting list (lowering it never takes a seat away)."""
    if raw or created:
        return
    update_seats(instance if isinstance(instance, Programme) else instance.programme)
