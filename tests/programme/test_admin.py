"""Coordinators in the Wagtail admin: registrations filtered and exported, sign-up lists with attendance,
capacity changes; and the groups' permissions."""

import csv
import io
import re

import pytest
import time_machine
from django.core import mail
from openpyxl import load_workbook
from viewflow.workflow.models import Task

from devtools.factories.core import UserFactory
from devtools.factories.workflows import CohortFactory, MeetingSignupFactory, RegistrationFactory, municipality
from tests.support.course import AUTUMN, accepted_registration, open_task, staff
from workflows.course.flows import CourseFlow
from workflows.models import Registration
from workflows.permissions import Role
from workflows.registration import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def registrations():
    january, august = CohortFactory(label="Januar 2027"), CohortFactory(label="August 2027")
    for cohort, code in [(january, "koebenhavn"), (january, "aalborg"), (august, "odense")]:
        services.submit(RegistrationFactory.build(cohort=cohort, programme=cohort.programme,
                                                 municipality=municipality(code)))
    Registration.objects.filter(municipality__code="aalborg").update(status="accepted")
    return january, august


@pytest.fixture
def coordinator_client(client):
    client.force_login(UserFactory(groups=[Role.COORDINATOR]))
    return client


def listed(response):
    html = response.content.decode()
    return {name for name in ("København", "Aalborg", "Odense") if re.search(rf">\s*{name}\s*<", html)}


def test_registrations_filter_by_cohort_status_and_region(coordinator_client, registrations):
    january, _august = registrations
    assert listed(coordinator_client.get("/admin/registration/")) == {"København", "Aalborg", "Odense"}
    assert listed(coordinator_client.get(f"/admin/registration/?cohort={january.pk}")) == {"København", "Aalborg"}
    assert listed(coordinator_client.get("/admin/registration/?status=accepted")) == {"Aalborg"}
    assert listed(coordinator_client.get("/admin/registration/?municipality__region=hovedstaden")) == {"København"}


def test_registrations_export_as_csv_and_xlsx(coordinator_client, registrations):
    january, _august = registrations
    response = coordinator_client.get(f"/admin/registration/?cohort={january.pk}&export=csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert sorted(row["Kommune"] for row in rows) == ["Aalborg", "København"]

    response = coordinator_client.get("/admin/registration/?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    assert "Kommune" in header and "Fase" in header and "Region" in header
    assert sheet.max_row == 4  # header + three registrations


def test_meeting_sign_up_list_marks_attendance(coordinator_client):
    signup = MeetingSignupFactory(name="Lone Berg")
    response = coordinator_client.get(f"/admin/meetingsignup/?meeting={signup.meeting_id}")
    assert "Lone Berg" in response.content.decode()
    response = coordinator_client.post(f"/admin/meetingsignup/edit/{signup.pk}/", {"attended": "true"})
    assert response.status_code == 302
    signup.refresh_from_db()
    assert signup.attended is True


def test_raising_a_cohort_capacity_in_the_admin_offers_the_seat(coordinator_client):
    cohort = CohortFactory(capacity=1)
    services.submit(RegistrationFactory.build(cohort=cohort, programme=cohort.programme))
    waiting = services.submit(RegistrationFactory.build(cohort=cohort, programme=cohort.programme,
                                                       municipality=municipality("odense")))
    Registration.objects.filter(pk=waiting.pk).update(status="waiting_list")
    data = {
        "programme": cohort.programme_id, "label": cohort.label, "starts_on": cohort.starts_on.isoformat(),
        "registration_opens": cohort.registration_opens.strftime("%Y-%m-%d %H:%M"),
        "registration_closes": cohort.registration_closes.strftime("%Y-%m-%d %H:%M"),
        "capacity": 2, "duration_months": 18,
    }
    response = coordinator_client.post(f"/admin/cohort/edit/{cohort.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    waiting.refresh_from_db()
    assert waiting.seat == "offered"


def test_group_permissions():
    adviser, coordinator = UserFactory(groups=[Role.ADVISER]), UserFactory(groups=[Role.COORDINATOR])
    assert adviser.has_perms(["workflows.screen_registration", "workflows.view_registrationprocess",
                              "workflows.take_attendance", "workflows.view_meetingprocess"])
    assert not adviser.has_perm("workflows.change_cohort")
    assert coordinator.has_perms(["workflows.offer_seat", "workflows.change_cohort", "workflows.change_programme",
                                  "workflows.change_decisiontext", "workflows.change_informationmeeting"])
    assert not coordinator.has_perm("workflows.add_registration")  # registrations come only through the form


def test_a_coordinator_declines_an_accepted_registration_and_the_seat_is_offered(
    coordinator_client, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(capacity=1)
    accepted = services.submit(RegistrationFactory.build(cohort=cohort, programme=cohort.programme,
                                                        contact_email="peer@aarhus.example.dk"))
    Registration.objects.filter(pk=accepted.pk).update(status="accepted")
    waiting = services.submit(RegistrationFactory.build(cohort=cohort, programme=cohort.programme,
                                                       municipality=municipality("odense")))
    Registration.objects.filter(pk=waiting.pk).update(status="waiting_list")

    listing = coordinator_client.get("/admin/registration/").content.decode()
    assert f"/admin/registration/decline/{accepted.pk}/" in listing
    assert f"/admin/registration/decline/{waiting.pk}/" not in listing  # only accepted ones can be declined
    refused = coordinator_client.post(f"/admin/registration/decline/{accepted.pk}/", {"reason": ""})
    assert refused.status_code == 200 and "Dette felt er påkrævet." in refused.content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = coordinator_client.post(f"/admin/registration/decline/{accepted.pk}/",
                                       {"reason": "Kommunen kan ikke stille med ledelse."})
    assert done.status_code == 302
    accepted.refresh_from_db()
    waiting.refresh_from_db()
    assert (accepted.status, accepted.seat, waiting.seat) == ("declined", "none", "offered")
    message = next(m for m in mail.outbox if m.to == ["peer@aarhus.example.dk"])
    assert "Begrundelse: Kommunen kan ikke stille med ledelse." in message.body


def test_advisers_cannot_decline_in_the_admin(client, registrations):
    client.force_login(UserFactory(groups=[Role.ADVISER]))
    accepted = Registration.objects.get(status="accepted")
    response = client.post(f"/admin/registration/decline/{accepted.pk}/", {"reason": "x"})
    assert (response.status_code, response["Location"]) == (302, "/admin/")  # Wagtail's "permission denied"
    accepted.refresh_from_db()
    assert accepted.status == "accepted"


def test_declining_after_a_real_acceptance_ends_the_course_with_its_tasks(
    coordinator_client, django_capture_on_commit_callbacks
):
    """Accepted through the screening task, so the course has started and its coordinator task waits; the decline
    ends the case: no process and no task is left open, and the seat is free."""
    anne, _bo, _carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        accepted = accepted_registration(adviser=anne)
        assert open_task(accepted, CourseFlow.assign_lead_adviser)
        with django_capture_on_commit_callbacks(execute=True):
            done = coordinator_client.post(f"/admin/registration/decline/{accepted.pk}/",
                                           {"reason": "Kommunen kan ikke stille med ledelse."})
    assert done.status_code == 302
    accepted.refresh_from_db()
    assert (accepted.status, accepted.seat) == ("declined", "none")
    assert not accepted.processes.filter(finished__isnull=True).exists()
    assert not Task.objects.filter(process__registrationprocess__registration=accepted,
                                   finished__isnull=True).exists()
