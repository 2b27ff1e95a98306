"""The programme overview the public programme page shows (the cms app's one entry into workflows): cohorts with
their deadlines and seats, the waiting list, upcoming information meetings. A small constant number of queries
whatever the number of cohorts and meetings."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from .models import Registration
from .seats import TAKEN


@dataclass(frozen=True)
class CohortInfo:
    label: str
    starts_on: date
    registration_closes: datetime
    is_open: bool
    seats_left: int


@dataclass(frozen=True)
class MeetingInfo:
    starts_at: datetime
    ends_at: datetime
    seats_left: int
    signup_url: str


@dataclass(frozen=True)
class ProgrammeOverview:
    name: str
    cohorts: list[CohortInfo]
    seats_left: int
    waiting_list_length: int
    upcoming_meetings: list[MeetingInfo]
    registration_url: str
    registration_open: bool

    @property
    def next_open_cohort(self):
        """The open cohort whose registration closes first, or None."""
        return min((c for c in self.cohorts if c.is_open), key=lambda c: c.registration_closes, default=None)


def programme_overview(programme, now=None):
    """Cohorts (deadline, open?, seats left), seats left programme-wide, waiting-list length and upcoming
    meetings with sign-up links. Four queries."""
    now = now or timezone.now()
    counts = Registration.objects.filter(programme=programme).aggregate(
        taken=Count("pk", filter=Q(seat__in=TAKEN)),
        waiting=Count("pk", filter=Q(seat=Registration.Seat.WAITING)),
    )
    seats_left = max(programme.capacity - counts["taken"], 0)
    cohorts = []
    for cohort in programme.cohorts.filter(starts_on__gte=timezone.localdate(now)).annotate(
        taken=Count("registrations", filter=Q(registrations__seat__in=TAKEN))
    ):
        left = seats_left if cohort.capacity is None else min(seats_left, max(cohort.capacity - cohort.taken, 0))
        cohorts.append(CohortInfo(cohort.label, cohort.starts_on, cohort.registration_closes, cohort.is_open(now),
                                  left))
    meetings = [
        MeetingInfo(meeting.starts_at, meeting.ends_at, max(meeting.capacity - meeting.signed_up, 0),
                    reverse("workflows:meeting_signup", args=[meeting.pk]))
        for meeting in programme.meetings.filter(starts_at__gt=now).annotate(
            signed_up=Count("signups", filter=Q(signups__cancelled_at__isnull=True))
        )
    ]
    return ProgrammeOverview(
        name=programme.name,
        cohorts=cohorts,
        seats_left=seats_left,
        waiting_list_length=counts["waiting"],
        upcoming_meetings=meetings,
        registration_url=reverse("workflows:register", args=[programme.slug]),
        registration_open=any(cohort.is_open for cohort in cohorts),
    )
