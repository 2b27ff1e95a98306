"""The programme overview the public pages show (the cms app's one entry into workflows): the cohorts that have not
started, with their deadlines and seats, what can be booked now, the waiting list, and upcoming information
meetings. Its seat figures are `seats.seat_facts`, the one truth every page, email, export and admin screen shows.
A small constant number of queries whatever the number of cohorts and meetings."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from .seats import ProgrammeFacts, seat_facts


@dataclass(frozen=True)
class MeetingInfo:
    starts_at: datetime
    ends_at: datetime
    seats_left: int
    signup_url: str


@dataclass(frozen=True)
class ProgrammeOverview:
    name: str
    facts: ProgrammeFacts  # the cohorts listed are those that have not started
    upcoming_meetings: list[MeetingInfo]
    registration_url: str

    @property
    def cohorts(self):
        return self.facts.cohorts

    @property
    def registration_open(self):
        return bool(self.facts.open_cohorts)

    @property
    def seats_left(self):
        """Seats a municipality can still get now (the programme's, as far as the open cohorts allow)."""
        return self.facts.bookable

    @property
    def waiting_list_length(self):
        return self.facts.waiting


def programme_overview(programme, now=None):
    """Cohorts that have not started (deadline, open?, free seats, waiting list), what can be booked now, and
    upcoming meetings with sign-up links. Four queries."""
    now = now or timezone.now()
    cohorts = list(programme.cohorts.filter(starts_on__gte=timezone.localdate(now)))
    meetings = [
        MeetingInfo(meeting.starts_at, meeting.ends_at, max(meeting.capacity - meeting.signed_up, 0),
                    reverse("workflows:meeting_signup", args=[meeting.pk]))
        for meeting in programme.meetings.filter(starts_at__gt=now).annotate(
            signed_up=Count("signups", filter=Q(signups__cancelled_at__isnull=True))
        )
    ]
    return ProgrammeOverview(
        name=programme.name,
        facts=seat_facts(programme, now, cohorts=cohorts),
        upcoming_meetings=meetings,
        registration_url=reverse("workflows:register", args=[programme.slug]),
    )
