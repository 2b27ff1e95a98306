"""Where a case stands in the journey, as the staff see it: the journey's steps (done, current, later) for the
case page, and the next milestone for the case list. Works from the registration and its course alone (with the
course's evaluations and upcoming workshops prefetched on a list), so a list of cases costs no query per row."""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..course.models import Evaluation
from ..registration.models import Registration

Status = Registration.Status
IN_COURSE = (Status.IN_COURSE, Status.COMPLETED)
ACCEPTED = (Status.ACCEPTED, *IN_COURSE)


@dataclass(frozen=True)
class Step:
    label: str
    state: str  # "done", "current" or "later"
    when: date | datetime | None = None


def _evaluated(course, kind):
    return course is not None and any(evaluation.kind == kind for evaluation in course.evaluations.all())


def steps(registration):
    """The journey from registration to completion. A declined or withdrawn case ends where it stopped."""
    course = getattr(registration, "course", None)
    status = registration.status
    reached = [
        (_("Registered"), True, registration.created_at),
        (_("Screened"), status != Status.SUBMITTED, None),
        (_("Lead adviser"), status in ACCEPTED and registration.lead_adviser_id is not None, None),
        (_("Kickoff"), status in IN_COURSE, course.kickoff_at if course else registration.cohort.starts_on),
        (_("Workshops, competence development and guidance"), _evaluated(course, Evaluation.Kind.FINAL), None),
        (_("Midway status"), _evaluated(course, Evaluation.Kind.MIDWAY), course.midway_on if course else None),
        (_("Final evaluation"), _evaluated(course, Evaluation.Kind.FINAL), None),
        (_("Completed"), status == Status.COMPLETED, course.ends_on if course else registration.cohort.ends_on),
    ]
    if status in (Status.DECLINED, Status.WITHDRAWN):
        done = [Step(label, "done", when) for label, is_done, when in reached if is_done]
        return [*done, Step(registration.get_status_display(), "current", registration.updated_at)]
    first_open = next((index for index, (_label, is_done, _when) in enumerate(reached) if not is_done), len(reached))
    return [Step(label, "done" if index < first_open else "current" if index == first_open else "later", when)
            for index, (label, _is_done, when) in enumerate(reached)]


def next_milestone(registration, now=None):
    """(label, when) of what comes next on the case, or None when nothing is planned."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    course = getattr(registration, "course", None)
    status = registration.status
    if status == Status.SUBMITTED:
        return _("Screening"), None
    if status == Status.WAITING_LIST:
        return _("Waiting for a seat"), None
    if status == Status.ACCEPTED:
        kickoff = course.kickoff_at if course and course.kickoff_at else None
        return _("Kickoff"), kickoff or registration.cohort.starts_on
    if status != Status.IN_COURSE or course is None:
        return None
    dates = [(workshop.starts_at.date(), _("Workshop")) for workshop in course.workshops.all()
             if workshop.starts_at > now]
    if not _evaluated(course, Evaluation.Kind.MIDWAY) and course.midway_on >= today:
        dates.append((course.midway_on, _("Midway status")))
    if course.ends_on >= today:
        dates.append((course.ends_on, _("Course ends")))
    if not dates:
        return None
    when, label = min(dates, key=lambda item: item[0])
    return label, when
