"""A registration's journey as steps for its status page: registered, screened, accepted or waiting, kickoff,
workshops and competence development, completed."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..registration.models import Registration


@dataclass(frozen=True)
class Step:
    label: str
    state: str  # "done", "current" or "upcoming"
    when: date | None = None


def registration_timeline(registration):
    """The journey as steps: registered → screened → accepted or waiting → kickoff → workshops → completed."""
    status = Registration.Status
    if registration.status in (status.DECLINED, status.WITHDRAWN):
        return [Step(_("Registered"), "done", timezone.localdate(registration.created_at)),
                Step(registration.get_status_display(), "current")]
    screened = registration.status != status.SUBMITTED
    decision_label = {
        status.ACCEPTED: _("Accepted"), status.IN_COURSE: _("Accepted"), status.COMPLETED: _("Accepted"),
        status.WAITING_LIST: _("On the waiting list"),
    }.get(registration.status, _("Accepted or waiting list"))
    cohort = registration.cohort
    today = timezone.localdate()
    started = registration.status in (status.IN_COURSE, status.COMPLETED)
    completed = registration.status == status.COMPLETED
    decided = screened and registration.status != status.WAITING_LIST
    reached = [True, screened, decided, started, started and cohort.starts_on < today, completed]
    steps = [
        (_("Registered"), timezone.localdate(registration.created_at)),
        (_("Screened"), None),
        (decision_label, None),
        (_("Kickoff"), cohort.starts_on),
        (_("Workshops and competence development"), None),
        (_("Completed"), cohort.ends_on),
    ]
    first_open = reached.index(False) if False in reached else len(reached)
    return [
        Step(label, "done" if index < first_open else "current" if index == first_open else "upcoming", when)
        for index, (label, when) in enumerate(steps)
    ]
