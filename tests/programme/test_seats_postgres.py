"""Seat allocation under real concurrency, on PostgreSQL: the programme row lock never over-books."""

import pytest

from devtools.factories.workflows import CohortFactory, RegistrationFactory
from tests.support.programme import at_the_same_moment
from workflows.models import Municipality, Registration
from workflows.registration import services

pytestmark = pytest.mark.django_db(transaction=True)


def test_forty_concurrent_registrations_for_five_seats(postgres_only):
    cohort = CohortFactory(capacity=5)
    municipalities = list(Municipality.objects.order_by("code")[:40])

    def register(municipality):
        services.submit(RegistrationFactory.build(cohort=cohort, programme=cohort.programme,
                                                 municipality=municipality))

    errors = at_the_same_moment(register, municipalities)
    assert errors == []
    registrations = list(Registration.objects.filter(cohort=cohort))
    assert len(registrations) == 40
    seated = [r for r in registrations if r.seat == Registration.Seat.SEATED]
    waiting = [r for r in registrations if r.seat == Registration.Seat.WAITING]
    assert len(seated) == 5
    assert sorted(r.waiting_position() for r in waiting) == list(range(1, 36))
    assert all(r.processes.count() == 1 for r in registrations)  # every one is in the advisers' screening queue
