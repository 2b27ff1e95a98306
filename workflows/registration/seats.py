"""Seat allocation: the one place where seats change hands.

Every change (a new registration, a withdrawal, a decline, a raised capacity) goes through `update_seats()`,
which locks the programme row with SELECT ... FOR UPDATE. While one transaction holds that lock, no other can
count seats, so the programme's and each cohort's capacity can never be exceeded, even when forty municipalities
press "send" in the same second. (SQLite has no row locks but serialises writers, which gives the same result.)
"""

from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from core import pagecache

from ..processes import Process, start
from ..programme.models import Programme
from .models import Registration

TAKEN = (Registration.Seat.SEATED, Registration.Seat.OFFERED)


class _Seats:
    """The programme's taken seats per cohort, counted in one query once the programme row is locked, then kept
    up to date here as `update_seats()` hands seats out: while the lock is held no one else can change them."""

    def __init__(self, programme):
        self.capacity = programme.capacity
        self.taken = Counter(dict(
            Registration.objects.filter(programme=programme, seat__in=TAKEN)
            .order_by().values_list("cohort").annotate(Count("pk"))
        ))

    def left(self, cohort=None):
        left = self.capacity - self.taken.total()
        if cohort is not None and cohort.capacity is not None:
            left = min(left, cohort.capacity - self.taken[cohort.pk])
        return max(left, 0)

    def take(self, cohort):
        self.taken[cohort.pk] += 1


def seats_left(programme, cohort=None):
    """Free seats in the programme, or in one cohort (bounded by the programme's total as well)."""
    return _Seats(programme).left(cohort)


def update_seats(programme, *, claim=None, release=None):
    """Give `claim` a seat or a waiting-list place, free the seat of `release`, then offer any free seat to the
    first municipalities on the waiting list. Returns the registrations that were offered a seat.

    A freed seat is not handed out directly: it is held as "offered" and a coordinator gets a task to confirm it
    with the municipality (`SeatOfferFlow`)."""
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        pagecache.invalidate_on_commit()  # the public programme page shows seats left and the waiting list
        now = timezone.now()
        if release is not None:
            release.seat = Registration.Seat.NONE
            release.waiting_since = None
            release.save(update_fields=["seat", "waiting_since", "updated_at"])
        seats = _Seats(programme)
        if claim is not None:
            if seats.left(claim.cohort) > 0:
                claim.seat, claim.waiting_since = Registration.Seat.SEATED, None
                seats.take(claim.cohort)
            else:
                claim.seat, claim.waiting_since = Registration.Seat.WAITING, now
            claim.save(update_fields=["seat", "waiting_since", "updated_at"])
        offered = []
        if seats.left() > 0:
            screened_and_waiting = (
                Registration.objects.filter(
                    programme=programme, seat=Registration.Seat.WAITING, status=Registration.Status.WAITING_LIST,
                    cohort__starts_on__gt=timezone.localdate(now),
                )
                .select_related("cohort", "municipality")
                .order_by("waiting_since", "pk")
            )
            for registration in screened_and_waiting:
                if seats.left(registration.cohort) > 0:
                    registration.seat = Registration.Seat.OFFERED
                    registration.save(update_fields=["seat", "updated_at"])
                    seats.take(registration.cohort)
                    start(Process.SEAT_OFFER, registration=registration)
                    offered.append(registration)
        return offered


@dataclass(frozen=True)
class CohortFacts:
    cohort: object
    taken: int
    free: int  # 0 unless registration is open now: a cohort that closed or started is never offered
    waiting: int
    is_open: bool
    opens_later: bool = False  # registration has not opened yet

    @property
    def full(self):
        return self.is_open and self.free == 0

    @property
    def shares_programme_seats(self):
        """The cohort has no cap of its own: its free seats are the programme's, shared with the other cohorts."""
        return self.cohort.capacity is None


@dataclass(frozen=True)
class ProgrammeFacts:
    capacity: int
    taken: int
    free: int
    waiting: int
    cohorts: list

    @property
    def open_cohorts(self):
        """The cohorts a municipality can register for now, the one whose registration closes first first."""
        return sorted((facts for facts in self.cohorts if facts.is_open), key=lambda f: f.cohort.registration_closes)

    @property
    def next_open(self):
        """The open cohort whose registration closes first, or None."""
        return next(iter(self.open_cohorts), None)

    @property
    def next_with_seats(self):
        """The open cohort with free seats whose registration closes first, or None."""
        return next((facts for facts in self.open_cohorts if facts.free), None)

    @property
    def bookable(self):
        """How many more municipalities can get a seat now: the programme's free seats, as far as the open cohorts'
        own caps let them be taken."""
        return min(self.free, sum(facts.free for facts in self.open_cohorts))

    @property
    def all_open_full(self):
        """Registration is open, but every open cohort is full: a municipality that registers goes on the waiting
        list."""
        return bool(self.open_cohorts) and self.bookable == 0

    @property
    def next_waiting_position(self):
        """The place on the (programme-wide) waiting list a municipality registering now would get."""
        return self.waiting + 1


def seat_facts(programme, now=None, cohorts=None):
    """Every seat figure of a programme, the one truth that pages, emails, exports and the admin show: seats taken,
    free (the lower of the cohort's and the programme's remainder, and 0 unless registration is open) and the
    waiting list (`Registration.objects.waiting_list`), per cohort and in total, and whether each cohort's
    registration is open. Two queries. `cohorts` narrows the cohorts listed (the totals are always the
    programme's)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    waiting_list = Registration.objects.filter(programme=programme).waiting_list(today).values("pk")
    rows = Registration.objects.filter(programme=programme).order_by().values_list("cohort").annotate(
        taken=Count("pk", filter=Q(seat__in=TAKEN)), waiting=Count("pk", filter=Q(pk__in=waiting_list)))
    by_cohort = {cohort_id: (taken, waiting) for cohort_id, taken, waiting in rows}
    taken_total = sum(taken for taken, _waiting in by_cohort.values())
    programme_free = max(programme.capacity - taken_total, 0)
    facts = []
    for cohort in cohorts if cohorts is not None else programme.cohorts.all():
        taken, waiting = by_cohort.get(cohort.pk, (0, 0))
        is_open = cohort.is_open(now)
        free = programme_free if cohort.capacity is None else min(programme_free, max(cohort.capacity - taken, 0))
        facts.append(CohortFacts(cohort, taken, free if is_open else 0, waiting, is_open,
                                 opens_later=now < cohort.registration_opens))
    return ProgrammeFacts(programme.capacity, taken_total, programme_free,
                          sum(waiting for _taken, waiting in by_cohort.values()), facts)
