"""What happens in a course: it opens on acceptance, gets a lead adviser, begins at kickoff, plans workshops, and
closes after the final evaluation. Flow steps call these functions."""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..processes import Process, start
from ..registration.models import Registration
from . import feedback, notifications
from .models import Course, Enrolment


def open_course(registration):
    """The course of an accepted registration, created the first time it is asked for."""
    course, _created = Course.objects.get_or_create(
        registration=registration, defaults={"starts_on": registration.cohort.starts_on}
    )
    return course


def assign_lead_adviser(course, adviser, competence_partner=None):
    """The coordinator's first step: who follows the municipality, and who delivers its competence development."""
    with transaction.atomic():
        registration = course.registration
        registration.lead_adviser = adviser
        registration.save(update_fields=["lead_adviser", "updated_at"])
        course.competence_partner = competence_partner
        course.lead_adviser_assigned_at = timezone.now()
        course.save(update_fields=["competence_partner", "lead_adviser_assigned_at"])


def schedule_kickoff(course):
    """The kickoff's time and place, agreed with the municipality; the flow sends the invitation."""
    course.save(update_fields=["kickoff_at", "kickoff_place", "kickoff_url", "calendar_sequence"])
    return course


def begin(course):
    """The kickoff has taken place: the municipality is now in the course."""
    registration = course.registration
    registration.status = Registration.Status.IN_COURSE
    registration.save(update_fields=["status", "updated_at"])


def plan_workshop(course, workshop):
    """Save a planned workshop and start its own process (preparation, reminder, outcome)."""
    workshop.course = course
    workshop.save()
    start(Process.WORKSHOP, workshop=workshop)
    return workshop


def enrol(course, modules, participants):
    """Enrol every participant (names) in every module; enrolling someone twice changes nothing."""
    with transaction.atomic():
        for module in modules:
            for name in participants:
                Enrolment.objects.get_or_create(course=course, module=module, participant=name)


COMPLETION_RECORDED = "workflows.completion_recorded"
COMPLETION_UNDONE = "workflows.completion_undone"


class CompletionRefused(ValueError):
    """A completion that cannot be true: before the module ended, or in the future."""


def completion_refusal(enrolment, day):
    """Why `enrolment` cannot have been completed on `day` (before its module ended, or in the future), or None."""
    if day > timezone.localdate():
        return _("A module cannot have been completed in the future.")
    if day < enrolment.module.ends_on:
        return _("%(module)s runs until %(end)s: it cannot have been completed before.") % {
            "module": enrolment.module, "end": date_format(enrolment.module.ends_on)}
    return None


def record_completion(enrolment, day, by):
    """`enrolment`'s participant completed its module on `day` (`completion_refusal` says when it cannot have).
    Who recorded it and when is kept, and the audit log says so."""
    refusal = completion_refusal(enrolment, day)
    if refusal:
        raise CompletionRefused(refusal)
    with transaction.atomic():
        enrolment.completed_on = day
        enrolment.completion_recorded_by = by
        enrolment.completion_recorded_at = timezone.now()
        enrolment.save(update_fields=["completed_on", "completion_recorded_by", "completion_recorded_at"])
        log(enrolment, COMPLETION_RECORDED, user=by, data={"module": enrolment.module_id, "day": day.isoformat()})


def undo_completion(enrolment, by):
    """Take back a completion recorded by mistake; the audit log keeps that it was recorded and undone."""
    with transaction.atomic():
        day = enrolment.completed_on.isoformat() if enrolment.completed_on else None
        log(enrolment, COMPLETION_UNDONE, user=by, data={"module": enrolment.module_id, "day": day})
        enrolment.completed_on = enrolment.completion_recorded_by = enrolment.completion_recorded_at = None
        enrolment.save(update_fields=["completed_on", "completion_recorded_by", "completion_recorded_at"])


def record_evaluation(course, kind, evaluation):
    """The midway status or the final evaluation (the journey's milestones read them)."""
    evaluation.course, evaluation.kind = course, kind
    evaluation.save()
    return evaluation


def book_guidance_session(course, session):
    """Book the next guidance session; the flow sends the invitation."""
    session.course = course
    session.number = course.guidance_sessions.count() + 1
    session.save()
    return session


def record_guidance_session(course, session):
    """The session has been held: its day and the adviser's notes."""
    session.course = course
    if session.pk is None:  # a course from before sessions were booked
        session.number = course.guidance_sessions.count() + 1
    session.save()
    return session


def prepare_workshop(workshop):
    workshop.save(update_fields=["agenda"])
    return workshop


def record_workshop_outcome(workshop):
    """The workshop has been held: attendance, notes and agreed actions. Once that is saved, its participants are
    invited to evaluate it (`feedback.invite`: once each, however often the outcome is recorded)."""
    workshop.recorded_at = timezone.now()
    workshop.save(update_fields=["attendance", "notes", "agreed_actions", "recorded_at"])
    transaction.on_commit(lambda: feedback.invite(workshop))
    return workshop


def close(course, running=None):
    """The final evaluation is in: the course is completed and the municipality gets a summary. A workshop whose
    outcome was never recorded does not keep the completed case open: its process is cancelled (`running` is the
    course's own process, which is finishing)."""
    with transaction.atomic():
        for process in course.registration.processes.filter(finished__isnull=True):
            if running is None or process.pk != running.pk:
                process.flow_class.instance.cancel(process)
        course.closed_at = timezone.now()
        course.save(update_fields=["closed_at"])
        registration = course.registration
        registration.status = Registration.Status.COMPLETED
        registration.save(update_fields=["status", "updated_at"])
        notifications.send_course_summary(course)
