"""The programme's reference data and read models: municipalities, working days, the overview for the Wagtail
programme page, the demo loader, and who may open the staff UI."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from core.workdays import add_working_days, public_holidays
from devtools.demo import workflows as demo
from devtools.factories.core import UserFactory
from devtools.factories.workflows import (
    CohortFactory,
    InformationMeetingFactory,
    MeetingSignupFactory,
    ProgrammeFactory,
    RegistrationFactory,
    local,
    municipality,
)
from workflows.models import Municipality, Programme, Region, Registration
from workflows.permissions import Role
from workflows.registration import services
from workflows.registration.overview import programme_overview

pytestmark = pytest.mark.django_db


def test_all_98_municipalities_each_in_one_of_the_5_regions():
    assert Municipality.objects.count() == 98
    assert set(Municipality.objects.values_list("region", flat=True)) == set(Region.values)
    assert not Municipality.objects.exclude(region__in=Region.values).exists()
    assert municipality("koebenhavn").get_region_display() == "Region Hovedstaden"
    assert municipality("aalborg").region == Region.NORDJYLLAND
    assert Municipality.objects.get(name="Ærø").region == Region.SYDDANMARK


def test_working_days_skip_weekends_and_public_holidays_and_keep_the_local_time_across_dst():
    friday = local(date(2026, 11, 27), 9, 0)
    assert add_working_days(friday, 3) == local(date(2026, 12, 2), 9, 0)
    # Easter 2027 is 28 March, the night summer time starts: Thursday 25 to Monday 29 March are all days off.
    assert public_holidays(2027) >= {date(2027, 3, 25), date(2027, 3, 26), date(2027, 3, 29), date(2027, 5, 6),
                                     date(2027, 5, 17), date(2027, 12, 25)}
    wednesday = local(date(2027, 3, 24), 9, 0)
    assert add_working_days(wednesday, 1) == local(date(2027, 3, 30), 9, 0)
    elapsed = add_working_days(wednesday, 1).astimezone(UTC) - wednesday.astimezone(UTC)
    assert elapsed == timedelta(days=6) - timedelta(hours=1)  # the wall clock jumped an hour on the way
    christmas_eve = local(date(2026, 12, 24), 14, 0)  # Thursday; 25 and 26 December are holidays
    assert add_working_days(christmas_eve, 1) == local(date(2026, 12, 28), 14, 0)


def test_programme_overview_in_a_constant_number_of_queries(django_assert_num_queries):
    programme = ProgrammeFactory(capacity=3)
    now = timezone.now()
    january = CohortFactory(programme=programme, capacity=1, label="Januar")
    CohortFactory(programme=programme, label="August")
    CohortFactory(programme=programme, label="Lukket", registration_closes=now - timedelta(days=1))
    CohortFactory(programme=programme, label="Afsluttet", starts_on=date(2020, 1, 1))
    for code in ("aarhus", "odense"):
        services.submit(RegistrationFactory.build(cohort=january, programme=programme, municipality=municipality(code)))
    meeting = InformationMeetingFactory(programme=programme, capacity=10)
    MeetingSignupFactory.create_batch(3, meeting=meeting)
    MeetingSignupFactory(meeting=meeting, cancelled_at=now)
    InformationMeetingFactory(programme=programme, starts_at=now - timedelta(days=1))

    with django_assert_num_queries(3):
        overview = programme_overview(programme)

    assert overview.seats_left == 2 and overview.waiting_list_length == 1
    assert [(c.cohort.label, c.is_open, c.free) for c in overview.cohorts] == [
        ("Januar", True, 0), ("August", True, 2), ("Lukket", False, 0),  # a closed cohort offers no seats
    ]
    [upcoming] = overview.upcoming_meetings
    assert upcoming.seats_left == 7 and upcoming.signup_url == f"/forloeb/moeder/{meeting.pk}/tilmeld/"
    assert overview.registration_url == f"/forloeb/{programme.slug}/tilmelding/"
    assert overview.registration_open


def test_demo_loader_is_live_and_idempotent():
    UserFactory(username="adviser", groups=[Role.ADVISER])
    with time_machine.travel(datetime(2026, 11, 23, 10, 0, tzinfo=timezone.get_current_timezone()), tick=False):
        demo.load(step=lambda message: None)
        demo.load(step=lambda message: None)
        overview = programme_overview(Programme.objects.get())
    assert Programme.objects.get().capacity == 20
    assert [c.cohort.label for c in overview.cohorts] == ["Januar 2027", "August 2027"]
    assert all(c.is_open for c in overview.cohorts)
    assert len(overview.upcoming_meetings) == 3
    assert dict(Registration.objects.values_list("municipality__code", "status")) == {
        "aarhus": "accepted", "odense": "submitted", "roskilde": "submitted", "aalborg": "waiting_list",
        "vejle": "declined",
    }
    assert overview.waiting_list_length == 1


def test_the_staff_ui_needs_a_signed_in_adviser(client):
    response = client.get("/admin/opgaver/koe/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    client.force_login(UserFactory(groups=[Role.ADVISER]))
    assert client.get("/admin/opgaver/koe/").status_code == 200
