"""The journey of a case, declared once, beside the flows that drive it.

A case (a municipality's registration) is always in exactly one **phase**, read from its status and its seat
(`registration.models.Phase` and `PHASE_RULES`, kept with the model so that every layer, the registration admin's
export included, reads the same):

    screening → waiting list → seat offered → accepted → in the course → completed
                                                  (or, at any point: declined, withdrawn)

and passes the **milestones** of the journey in order: registered, screened, (waiting list,) accepted, lead adviser
assigned, kickoff, midway status, final evaluation, completed. Its **dated events** (`dated_events`) are every
appointment, deadline and day of its course: the kickoff, the workshops, the booked guidance sessions, the competence
modules its participants are enrolled in, the midway status and final evaluation (deadlines, never meetings) and the
course's end, each with what is expected before it; its **coming dates** are those still ahead.

Every page, email and export that says where a case stands reads this module: the municipality's status page, its
plan and its calendar feed ("Jeres forløb"), the case page's journey and the case list's next milestone, the
coordinators' overview (phases), the case list's phase filter and export. The flows (`course.flows`,
`registration.flows`) move the case; this module only reads it.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..registration.models import ENDED, Phase, in_phase, phase_expression, phase_of
from .models import Enrolment, Evaluation

__all__ = ["ENDED", "Phase", "in_phase", "phase_expression", "phase_of", "milestones", "current_milestone",
           "dated_events", "coming_dates", "next_milestone", "DatedEvent", "ComingDate", "Milestone"]

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


KICKOFF_LENGTH = timedelta(hours=3)

# The phases in which a case has a course with dates: a case not yet accepted has none, an ended one none ahead.
WITH_COURSE = (Phase.ACCEPTED, Phase.IN_COURSE, Phase.COMPLETED)
DEADLINES = ("midway", "final")


def dated_events_prefetch():
    """What `dated_events` reads beyond the registration, its cohort and its course, as prefetches for
    `prefetch_related_objects` or a list's `prefetch_related`: a fixed number of queries, however full the course."""
    return ("course__workshops", "course__guidance_sessions", "course__evaluations", enrolments_prefetch())


def enrolments_prefetch():
    return Prefetch("course__enrolments", queryset=Enrolment.objects.select_related("module"))


def _expected():
    """What the municipality does before each kind of event, as each event says it."""
    return {
        "kickoff": _("The kickoff starts your course together with your lead adviser. Before it: decide who from "
                     "management, staff and peers takes part, and think about what you want to achieve by "
                     "involving peers."),
        "workshop": _("A development workshop with your lead adviser. Before it: invite the people of your "
                      "organisation who should take part. The agenda is sent to you two days before."),
        "guidance": _("Ongoing guidance with your lead adviser. Before it: note what you want to talk about: "
                      "how far you have come, your questions and your challenges since the last session."),
        "midway": _("Nine months into the course you and your lead adviser take stock: how far you have come "
                    "towards your goals, how many peers are involved, what has been achieved, the challenges and "
                    "the next steps. Before it: gather what you know about each of these."),
        "final": _("At the end of the course you and your lead adviser evaluate it: how far you came towards your "
                   "goals, how many peers are involved, what was achieved, the challenges and the next steps. "
                   "Before it: gather what you know about each of these."),
        "module": _("Competence development for the participants you have enrolled."),
        "mandatory": _("Mandatory modules must be completed within a year of the course's start."),
        "end": _("The last day of your course."),
    }


@dataclass(frozen=True)
class DatedEvent:
    """A dated event of the course: an appointment (a start and end time someone set: the kickoff, a workshop, a
    booked guidance session), a deadline (the midway status, the final evaluation: a day, never a meeting) or a day
    (the expected kickoff, a competence module from its first day to its last, the course's end)."""

    kind: str  # "kickoff", "workshop", "guidance", "module", "midway", "final" or "end"
    key: str  # stable within the case, and the status page's calendar file for it: kalender/<key>.ics
    uid: str  # stable for calendars: an appointment's is the UID its invitation carried
    label: str
    starts_at: date | datetime
    ends_at: date | datetime | None = None  # an appointment's end; a day's last day (inclusive), or None for one day
    place: str = ""
    url: str = ""  # the online meeting link
    expected: str = ""  # what the municipality does before it
    cancelled: bool = False  # an appointment that a course closed early left ahead: never held
    done: bool = False  # a deadline met (its evaluation is in)
    sequence: int = 0  # an appointment's calendar sequence (its invitation's)

    @property
    def is_appointment(self):
        return isinstance(self.starts_at, datetime)

    @property
    def is_deadline(self):
        return self.kind in DEADLINES

    @property
    def title(self):
        """The label as every page and file shows it: a deadline reads as one ("Deadline: ..."), a cancelled
        appointment as cancelled."""
        if self.is_deadline:
            return str(_("Deadline: %(what)s") % {"what": self.label})
        if self.cancelled:
            return str(_("Cancelled: %(what)s") % {"what": self.label})
        return self.label

    @property
    def last_day(self):
        """The last day of an all-day event."""
        return self.ends_at or self.starts_at

    @property
    def sort_key(self):
        if self.is_appointment:
            return self.starts_at
        return timezone.make_aware(datetime.combine(self.starts_at, datetime.min.time()))

    def is_ahead(self, now, today):
        """Still to come: an appointment that has not begun, a day (or a module's first day) not yet past."""
        return self.starts_at > now if self.is_appointment else self.starts_at >= today


ComingDate = DatedEvent  # the coming dates are the dated events still ahead


def _enrolled_modules(course):
    """The competence modules the course enrols participants in, each once, in their order."""
    modules = {enrolment.module_id: enrolment.module for enrolment in course.enrolments.all()}
    return sorted(modules.values(), key=lambda module: (module.starts_on, module.title, module.pk))


def dated_events(registration):
    """Every dated event of the case's course, past ones included, soonest first: the kickoff (held or, until it is
    set, expected on the cohort's first day), the development workshops and booked guidance sessions, the competence
    modules its participants are enrolled in, the midway status and final evaluation (deadlines), and the course's
    end; each with what is expected before it. Nothing for a case without a seat. Reads the course's workshops,
    guidance sessions, evaluations and enrolments with their modules (`dated_events_prefetch()` on a list)."""
    if phase_of(registration) not in WITH_COURSE:
        return []
    expected = {kind: str(text) for kind, text in _expected().items()}
    course = getattr(registration, "course", None)

    def day(kind, key, label, on, last=None, done=False, text=None):
        return DatedEvent(kind, key, f"registration-{registration.pk}-{key}", str(label), on, last,
                          expected=expected[kind] if text is None else text, done=done)

    def appointment(kind, key, uid, label, starts_at, ends_at, place, url, sequence, text):
        # Set for after the course closed: never held.
        cancelled = course.closed_at is not None and starts_at > course.closed_at
        return DatedEvent(kind, key, uid, str(label), starts_at, ends_at, place=place, url=url, expected=text,
                          cancelled=cancelled, sequence=sequence)

    events = []
    if course is not None and course.kickoff_at:
        events.append(appointment(
            "kickoff", "opstart", f"opstart-{course.pk}", _("Kickoff"), course.kickoff_at,
            course.kickoff_at + KICKOFF_LENGTH, course.kickoff_place, course.kickoff_url, course.calendar_sequence,
            expected["kickoff"]))
    else:
        events.append(day("kickoff", "opstart", _("Kickoff (expected)"), registration.cohort.starts_on))
    if course is not None:
        events += [appointment(
            "workshop", f"workshop-{workshop.pk}", f"workshop-{workshop.pk}",
            _("Workshop: %(audience)s") % {"audience": workshop.get_audience_display()}, workshop.starts_at,
            workshop.ends_at, workshop.place, "", workshop.calendar_sequence,
            "\n\n".join(filter(None, [expected["workshop"], workshop.agenda])))
            for workshop in course.workshops.all()]
        events += [appointment(
            "guidance", f"vejledning-{session.pk}", f"vejledning-{session.pk}",
            _("Guidance session %(number)s") % {"number": session.number}, session.starts_at, session.ends_at,
            session.place, session.meeting_url, session.calendar_sequence, expected["guidance"])
            for session in course.guidance_sessions.all() if session.starts_at]
        events += [day("module", f"kompetencemodul-{module.pk}",
                       _("Competence module: %(title)s") % {"title": module.title}, module.starts_on,
                       last=module.ends_on, text=" ".join(
                           [expected["module"], *([expected["mandatory"]] if module.mandatory else [])]))
                   for module in _enrolled_modules(course)]
    events += [
        day("midway", "midtvejsstatus", _("Midway status"), midway_on(registration),
            done=_evaluated(course, Evaluation.Kind.MIDWAY)),
        day("final", "slutevaluering", _("Final evaluation"), final_evaluation_on(registration),
            done=_evaluated(course, Evaluation.Kind.FINAL)),
        day("end", "afslutning", _("Course ends"), course_end(registration)),
    ]
    return sorted(events, key=lambda event: event.sort_key)


def coming_dates(registration, now=None):
    """The case's dated events still ahead (`dated_events`), soonest first: not a deadline already met, nor an
    appointment that will not be held. Nothing for a case that has ended or has no seat yet. Reads what
    `dated_events` reads (prefetch `dated_events_prefetch()` on a list)."""
    if phase_of(registration) not in (Phase.ACCEPTED, Phase.IN_COURSE):
        return []
    now = now or timezone.now()
    today = timezone.localdate(now)
    return [event for event in dated_events(registration)
            if event.is_ahead(now, today) and not event.done and not event.cancelled]


def next_milestone(registration, now=None):
    """(label, when) of what comes next on the case, for the case list; None when nothing is ahead."""
    phase = phase_of(registration)
    if phase in (Phase.SCREENING, Phase.WAITING, Phase.SEAT_OFFERED):
        return phase.label, None
    coming = coming_dates(registration, now)
    if not coming:
        return None
    return coming[0].title, _local_day(coming[0].starts_at)
