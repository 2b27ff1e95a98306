"""Seat allocation under real concurrency, on PostgreSQL: the programme row lock never over-books."""

import threading

import pytest
from django.db import connection

from workflows import journey
from workflows.factories import CohortFactory, RegistrationFactory
from workflows.models import Municipality, Registration

pytestmark = pytest.mark.django_db(transaction=True)


def test_forty_concurrent_registrations_for_five_seats(postgres_only):
    cohort = CohortFactory(capacity=5)
    municipalities = list(Municipality.objects.order_by("code")[:40])
    start = threading.Barrier(len(municipalities))
    errors = []

    def register(municipality):
        try:
            start.wait()
            journey.submit(RegistrationFactory.build(cohort=cohort, programme=cohort.programme,
                                                     municipality=municipality))
        except Exception as error:  # noqa: BLE001 - every error is a failure of the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(m,)) for m in municipalities]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    registrations = list(Registration.objects.filter(cohort=cohort))
    assert len(registrations) == 40
    seated = [r for r in registrations if r.seat == Registration.Seat.SEATED]
    waiting = [r for r in registrations if r.seat == Registration.Seat.WAITING]
    assert len(seated) == 5
    assert sorted(r.waiting_position() for r in waiting) == list(range(1, 36))
    assert all(r.processes.count() == 1 for r in registrations)  # every one is in the advisers' screening queue
