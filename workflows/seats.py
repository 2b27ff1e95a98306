"""Seat allocation: the one place where seats change hands.

Every change (a new registration, a withdrawal, a decline, a raised capacity) goes through `update_seats()`,
which locks the programme row with SELECT ... FOR UPDATE. While one transaction holds that lock, no other can
count seats, so the programme's and each cohort's capacity can never be exceeded, even when forty municipalities
press "send" in the same second. (SQLite has no row locks but serialises writers, which gives the same result.)
"""

from django.db import transaction
from django.utils import timezone

from core import pagecache

from .models import Programme, Registration

TAKEN = (Registration.Seat.SEATED, Registration.Seat.OFFERED)


def seats_left(programme, cohort=None):
    """Free seats in the programme, or in one cohort (bounded by the programme's total as well)."""
    taken = Registration.objects.filter(programme=programme, seat__in=TAKEN)
    left = programme.capacity - taken.count()
    if cohort is not None and cohort.capacity is not None:
        left = min(left, cohort.capacity - taken.filter(cohort=cohort).count())
    return max(left, 0)


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
        if claim is not None:
            if seats_left(programme, claim.cohort) > 0:
                claim.seat, claim.waiting_since = Registration.Seat.SEATED, None
            else:
                claim.seat, claim.waiting_since = Registration.Seat.WAITING, now
            claim.save(update_fields=["seat", "waiting_since", "updated_at"])
        offered = []
        if seats_left(programme) > 0:
            screened_and_waiting = (
                Registration.objects.filter(
                    programme=programme, seat=Registration.Seat.WAITING, status=Registration.Status.WAITING_LIST,
                    cohort__starts_on__gt=timezone.localdate(now),
                )
                .select_related("cohort", "municipality")
                .order_by("waiting_since", "pk")
            )
            for registration in screened_and_waiting:
                if seats_left(programme, registration.cohort) > 0:
                    registration.seat = Registration.Seat.OFFERED
                    registration.save(update_fields=["seat", "updated_at"])
                    SeatOfferFlow.start.run(registration=registration)
                    offered.append(registration)
        return offered
