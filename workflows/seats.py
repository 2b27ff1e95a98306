"""Seat allocation: the one place where seats change hands.

Every change (a new registration, a withdrawal, a decline, a raised capacity) goes through `update_seats()`,
which locks the programme row with SELECT ... FOR UPDATE. While one transaction holds that lock, no other can
count seats, so the programme's and each cohort's capacity can never be exceeded, even when forty municipalities
press "send" in the same second. (SQLite has no row locks but serialises writers, which gives the same result.)
"""

from collections import Counter

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from core import pagecache

from .models import Programme, Registration

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
    from .flows import SeatOfferFlow  # the flows call back into this module

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
                    SeatOfferFlow.start.run(registration=registration)
                    offered.append(registration)
        return offered
