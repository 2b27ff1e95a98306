"""The journey of a case, declared once, beside the flows that drive it.

A case (a municipality's registration) is always in exactly one **phase**, read from its status and its seat
(`registration.models.Phase` and `PHASE_RULES`, kept with the model so that every layer, the registration admin's
export included, reads the same):

    screening → waiting list → seat offered → accepted → in the course → completed
                                                  (or, at any point: declined, withdrawn)

and passes the **milestones** of the journey in order: registered, screened, (waiting list,) accepted, lead adviser
assigned, kickoff, midway status, final evaluation, completed. Its **coming dates** are the milestones and
appointments still ahead (kickoff, workshops, booked guidance sessions, midway status, final evaluation, the end).

Every page, email and export that says where a case stands reads this module: the municipality's status page, the
case page's journey and the case list's next milestone, the coordinators' overview (phases), the case list's phase
filter and export. The flows (`course.flows`, `registration.flows`) move the case; this module only reads it.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..registration.models import ENDED, Phase, in_phase, phase_expression, phase_of
from .models import Evaluation

__all__ = ["ENDED", "Phase", "in_phase", "phase_expression", "phase_of", "milestones", "current_milestone",
           "coming_dates", "next_milestone", "ComingDate", "Milestone"]

MIDWAY_MONTH = 9
FINAL_MONTHS_BEFORE_END = 1


# The course's dates, from its start (the cohort's start until a kickoff is held).

def course_start(registration):
    course = getattr(registration, "course", None)
    return course.starts_on if course is not None else registration.cohort.starts_on


def midway_on(registration):
    return course_start(registration) + relativedelta(months=MIDWAY_MONTH)


def course_end(registration):
    return course_start(registration) + relativedelta(months=registration.cohort.duration_months)


def final_evaluation_on(registration):
    return course_end(registration) - relativedelta(months=FINAL_MONTHS_BEFORE_END)


@dataclass(frozen=True)
class Milestone:
    key: str
    label: str
    state: str  # "done", "current" (the next to be reached: what the case is working towards) or "later"
    when: date | datetime | None = None


def _evaluated(course, kind):
    return course is not None and any(evaluation.kind == kind for evaluation in course.evaluations.all())


def _local_day(moment):
    return timezone.localdate(moment) if isinstance(moment, datetime) else moment


def milestones(registration):
    """The journey as milestones in order, each done, current or later. A declined or withdrawn case ends where it
    stopped, with its outcome as the current (last) step. Reads the registration, its course and the course's
    evaluations (prefetch them on a list)."""
    course = getattr(registration, "course", None)
    phase = phase_of(registration)
    accepted = phase in (Phase.ACCEPTED, Phase.IN_COURSE, Phase.COMPLETED)
    began = phase in (Phase.IN_COURSE, Phase.COMPLETED)
    waited = phase in (Phase.WAITING, Phase.SEAT_OFFERED) or registration.waiting_since is not None
    kickoff = (course.kickoff_at if course is not None and course.kickoff_at else course_start(registration))
    reached = [
        ("registered", _("Registered"), True, _local_day(registration.created_at)),
        ("screened", _("Screened"), phase != Phase.SCREENING, None),
        *([("waiting", _("Waiting list"), accepted, None)] if waited else []),
        ("accepted", _("Accepted"), accepted, None),
        ("lead_adviser", _("Lead adviser assigned"),
         accepted and course is not None and course.lead_adviser_assigned_at is not None, None),
        ("kickoff", _("Kickoff"), began, kickoff),
        ("midway", _("Midway status"), _evaluated(course, Evaluation.Kind.MIDWAY), midway_on(registration)),
        ("final", _("Final evaluation"), _evaluated(course, Evaluation.Kind.FINAL),
         final_evaluation_on(registration)),
        ("completed", _("Completed"), phase == Phase.COMPLETED, course_end(registration)),
    ]
    if phase in (Phase.DECLINED, Phase.WITHDRAWN):
        done = [Milestone(key, label, "done", when) for key, label, is_done, when in reached if is_done]
        return [*done, Milestone(phase.value, phase.label, "current", _local_day(registration.updated_at))]
    current = next((index for index, (_key, _label, is_done, _when) in enumerate(reached) if not is_done), None)
    return [Milestone(key, label, "done" if current is None or index < current else
                      "current" if index == current else "later", when)
            for index, (key, label, _is_done, when) in enumerate(reached)]


def current_milestone(registration):
    return next((milestone for milestone in milestones(registration) if milestone.state == "current"), None)


@dataclass(frozen=True)
class ComingDate:
    """A date ahead in the case: an appointment (a start and end time someone set) or a day (a milestone)."""

    key: str  # the status page's calendar file for it: kalender/<key>.ics
    label: str
    starts_at: date | datetime
    ends_at: date | datetime | None = None
    place: str = ""
    url: str = ""

    @property
    def is_appointment(self):
        return isinstance(self.starts_at, datetime)

    @property
    def sort_key(self):
        if self.is_appointment:
            return self.starts_at
        return timezone.make_aware(datetime.combine(self.starts_at, datetime.min.time()))


def coming_dates(registration, now=None):
    """The case's dates ahead, soonest first: the kickoff, workshops and booked guidance sessions (appointments),
    and the midway status, final evaluation and the course's end (days). Nothing for a case that has ended or has
    no seat yet. Reads the course's workshops, guidance sessions and evaluations (prefetch them on a list)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    phase = phase_of(registration)
    if phase not in (Phase.ACCEPTED, Phase.IN_COURSE):
        return []
    course = getattr(registration, "course", None)
    dates = []
    if course is not None and course.kickoff_at:
        if course.kickoff_at > now:
            dates.append(ComingDate("opstart", str(_("Kickoff")), course.kickoff_at,
                                    course.kickoff_at + KICKOFF_LENGTH, course.kickoff_place, course.kickoff_url))
    elif registration.cohort.starts_on >= today:
        dates.append(ComingDate("opstart", str(_("Kickoff (expected)")), registration.cohort.starts_on))
    if course is not None:
        dates += [ComingDate(f"workshop-{workshop.pk}", str(_("Workshop: %(audience)s") % {
            "audience": workshop.get_audience_display()}), workshop.starts_at, workshop.ends_at, workshop.place)
            for workshop in course.workshops.all() if workshop.starts_at > now]
        dates += [ComingDate(f"vejledning-{session.pk}", str(_("Guidance session %(number)s") % {
            "number": session.number}), session.starts_at, session.ends_at, session.place, session.meeting_url)
            for session in course.guidance_sessions.all() if session.starts_at and session.starts_at > now]
    for key, label, day, kind in (("midtvejsstatus", _("Midway status"), midway_on(registration),
                                   Evaluation.Kind.MIDWAY),
                                  ("slutevaluering", _("Final evaluation"), final_evaluation_on(registration),
                                   Evaluation.Kind.FINAL),
                                  ("afslutning", _("Course ends"), course_end(registration), None)):
        if day >= today and (kind is None or not _evaluated(course, kind)):
            dates.append(ComingDate(key, str(label), day))
    return sorted(dates, key=lambda coming: coming.sort_key)


KICKOFF_LENGTH = timedelta(hours=3)


def next_milestone(registration, now=None):
    """(label, when) of what comes next on the case, for the case list; None when nothing is ahead."""
    phase = phase_of(registration)
    if phase in (Phase.SCREENING, Phase.WAITING, Phase.SEAT_OFFERED):
        return phase.label, None
    coming = coming_dates(registration, now)
    if not coming:
        return None
    return coming[0].label, _local_day(coming[0].starts_at)
