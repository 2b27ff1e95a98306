"""One truth for seats and deadlines (registration.seats.seat_facts): a cohort that has started or closed is never
offered and never shown with free seats; free seats are the lower of the cohort's and the programme's remainder;
the registration form names each cohort's deadline and seats (or its waiting-list place) and warns before a full
cohort is chosen while another has room; the admin refuses capacities and dates that contradict the data; the
staff's task forms refuse impossible dates."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from cms.models import HomePage
from core import scheduler
from core.models import OutboxMessage
from devtools.factories.cms import ProgrammePageFactory
from devtools.factories.core import UserFactory
from devtools.factories.workflows import (
    CohortFactory,
    CompetenceModuleFactory,
    MeetingSignupFactory,
    ProgrammeFactory,
    RegistrationFactory,
    local,
    municipality,
)
from tests.support.course import AUTUMN, KICKOFF, accepted_registration, course_under_way, do_task, open_task, staff
from tests.support.programme import registration_post
from workflows.course.flows import CourseFlow, WorkshopFlow
from workflows.meetings import notifications as meeting_notifications
from workflows.permissions import Role
from workflows.registration import services
from workflows.registration.overview import programme_overview
from workflows.registration.seats import seat_facts

pytestmark = pytest.mark.django_db


def seat(cohort, code):
    return services.submit(RegistrationFactory.build(cohort=cohort, programme=cohort.programme,
                                                     municipality=municipality(code)))


@pytest.fixture
def programme():
    """20 seats in total; January (own cap 2) is full, August open, last August has started."""
    programme = ProgrammeFactory(capacity=20)
    january = CohortFactory(programme=programme, label="Januar", capacity=2)
    august = CohortFactory(programme=programme, label="August",
                           registration_closes=timezone.now() + timedelta(days=60),
                           starts_on=timezone.localdate() + timedelta(days=120))
    started = CohortFactory(programme=programme, label="Sidste august", starts_on=timezone.localdate() - timedelta(
        days=100), registration_opens=timezone.now() - timedelta(days=300),
        registration_closes=timezone.now() - timedelta(days=130))
    for code in ("aarhus", "odense"):
        seat(january, code)
    seat(started, "vejle")
    return programme, january, august, started


def test_one_set_of_figures(programme):
    programme, january, august, started = programme
    facts = seat_facts(programme)
    by_label = {item.cohort.label: item for item in facts.cohorts}
    assert (facts.capacity, facts.taken, facts.free) == (20, 3, 17)
    assert (by_label["Januar"].taken, by_label["Januar"].free, by_label["Januar"].full) == (2, 0, True)
    assert by_label["August"].free == 17
    assert (by_label["Sidste august"].is_open, by_label["Sidste august"].free) == (False, 0)  # started: no seats
    assert facts.next_open.cohort == january and facts.next_with_seats.cohort == august
    assert facts.bookable == 17 and not facts.all_open_full

    # A coordinator lowers August's cap to 1 with 2 already there: nothing can be booked; the page must say so.
    for code in ("aalborg", "roskilde"):
        seat(august, code)
    august.capacity = 1
    august.save(update_fields=["capacity"])
    facts = seat_facts(programme)
    assert facts.bookable == 0 and facts.all_open_full and facts.next_with_seats is None
    overview = programme_overview(programme)
    assert overview.seats_left == 0  # never "13 seats left in the programme" while no cohort can take one
    assert [facts.cohort.label for facts in overview.cohorts] == ["Januar", "August"]  # the started one is not listed


def followup_text(programme):
    meeting_notifications.send_meeting_followup(MeetingSignupFactory(meeting__programme=programme))
    return OutboxMessage.objects.filter(template="meeting_followup").latest("pk").body_text


def test_the_public_pages_and_the_followup_email_offer_the_next_cohort_with_seats(client, programme):
    programme, january, august, _started = programme
    page = ProgrammePageFactory(parent=HomePage.objects.get(), programme=programme)
    home = HomePage.objects.get()
    home.cta_heading, home.cta_page = "Vil I være med?", page
    home.save_revision().publish()

    cta = client.get("/").content.decode()
    assert "Tilmeldingen til August lukker" in cta and "17 pladser tilbage på holdet." in cta
    assert "Tilmeldingen til Januar" not in cta  # January closes first, but it is full
    table = client.get(page.url).content.decode()
    assert "17 pladser tilbage i programmet" in table and "Fuldt: venteliste" in table
    assert "Sidste august" not in table  # started: not offered
    later = CohortFactory(programme=programme, label="Januar om et år", starts_on=timezone.localdate() + timedelta(
        days=400), registration_opens=timezone.now() + timedelta(days=30))
    table = client.get(page.url).content.decode()
    assert f"Åbner {timezone.localtime(later.registration_opens).day}." in table and "Åbner senere" in table
    followup = followup_text(programme)
    assert "holdet August" in followup and "17 ledige pladser" in followup

    # Every open cohort full: the pages and the email say so plainly, and which place on the waiting list is next.
    august.capacity = 0
    august.save(update_fields=["capacity"])
    seat(january, "esbjerg")  # goes on the waiting list
    waiting = "venteliste som nr. 2"
    assert waiting in client.get("/").content.decode()
    assert waiting in client.get(page.url).content.decode() and "pladser tilbage i programmet" not in (
        client.get(page.url).content.decode())
    assert "ventelisten som nr. 2" in followup_text(programme)


def test_the_form_shows_each_cohorts_deadline_and_seats_and_warns_about_a_full_one(client, programme):
    programme, january, august, _started = programme
    html = client.get(f"/forloeb/{programme.slug}/tilmelding/").content.decode()
    deadline = f"{timezone.localtime(january.registration_closes):%H:%M}"
    assert "Januar, tilmeldingsfrist" in html and deadline in html and "fuldt: venteliste, nr. 1" in html
    assert "August, tilmeldingsfrist" in html and "17 ledige pladser" in html
    assert "Januar er fuldt: tilmelder I jer til det, kommer I på venteliste. August har ledige pladser." in html


def test_the_expected_participants_must_be_at_least_one(client, programme):
    programme, _january, august, _started = programme
    response = client.post(f"/forloeb/{programme.slug}/tilmelding/", registration_post(
        august, municipality("esbjerg"), expected_participants="-3"))
    assert "Sørg for, at denne værdi er større end eller lig med 1." in response.content.decode() or (
        "større end eller lig 1" in response.content.decode())
    assert "større end eller lig 0" not in response.content.decode()


def test_the_admin_refuses_capacities_and_dates_that_contradict_the_data(client, programme):
    programme, january, august, _started = programme
    client.force_login(UserFactory(groups=[Role.COORDINATOR]))
    edit = f"/admin/cohort/edit/{january.pk}/"
    form = {"programme": programme.pk, "label": "Januar", "starts_on": january.starts_on.isoformat(),
            "registration_opens": f"{timezone.localtime(january.registration_opens):%Y-%m-%d %H:%M}",
            "registration_closes": f"{timezone.localtime(january.registration_closes):%Y-%m-%d %H:%M}",
            "capacity": 1, "duration_months": 18}
    html = client.post(edit, form).content.decode()
    assert "2 kommuner har allerede en plads på dette hold: holdets kapacitet kan ikke være lavere." in html
    late = {**form, "capacity": 2, "registration_closes": f"{january.starts_on + timedelta(days=3)} 12:00"}
    assert "Tilmeldingsfristen skal ligge før forløbets start." in client.post(edit, late).content.decode()
    january.refresh_from_db()
    assert january.capacity == 2

    html = client.post(f"/admin/programme/edit/{programme.pk}/", {
        "name": programme.name, "slug": programme.slug, "capacity": 2, "description": "", "partners": "",
        "contact_name": "", "contact_email": "", "contact_phone": ""}).content.decode()
    assert "3 kommuner har allerede en plads: den samlede kapacitet kan ikke være lavere." in html

    module = CompetenceModuleFactory(programme=programme)
    html = client.post(f"/admin/competence_modules/edit/{module.pk}/", {
        "programme": programme.pk, "title": module.title, "audience": module.audience, "provider": module.provider,
        "starts_on": module.starts_on.isoformat(), "ends_on": (module.starts_on - timedelta(days=1)).isoformat(),
    }).content.decode()
    assert "Et modul kan ikke slutte, før det begynder." in html


def test_task_forms_refuse_impossible_dates(client):
    anne, _bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        registration = accepted_registration(adviser=anne)
        other = accepted_registration("odense", adviser=anne, cohort=registration.cohort)
        do_task(client, carla, open_task(other, CourseFlow.assign_lead_adviser), {"lead_adviser": anne.pk})
        client.force_login(anne)
        kickoff = open_task(other, CourseFlow.schedule_kickoff)
        past = client.post(f"/admin/opgaver/{kickoff.pk}/", {"kickoff_at": "2026-08-01 10:00", "kickoff_place": "X"})
        assert "Vælg et tidspunkt i fremtiden." in past.content.decode()
    course_under_way(client, registration, anne, carla)
    workshop = registration.course.workshops.get()
    with time_machine.travel(KICKOFF + timedelta(days=1), tick=False):
        do_task(client, anne, open_task(registration, WorkshopFlow.prepare), {"agenda": "Roller"})
    with time_machine.travel(workshop.starts_at - timedelta(days=2), tick=False):
        scheduler.run_due_jobs()  # the reminder
    with time_machine.travel(workshop.ends_at + timedelta(minutes=5), tick=False):
        scheduler.run_due_jobs()  # the workshop has been held
        outcome = open_task(registration, WorkshopFlow.record_outcome)
    with time_machine.travel(KICKOFF + timedelta(days=2), tick=False):  # before the workshop has taken place
        client.force_login(anne)
        early = client.post(f"/admin/opgaver/{outcome.pk}/", {"attendance": 9, "notes": "x", "agreed_actions": "y"})
        assert "Workshoppen har ikke fundet sted endnu" in early.content.decode()
    with time_machine.travel(local(date(2027, 2, 15), 10), tick=False):
        scheduler.run_due_jobs()
        booking = open_task(registration, CourseFlow.book_guidance)
        client.force_login(anne)
        for starts_at in ("2027-02-30T10:00", "2027-02-15T09:00"):  # no such day; already past
            refused = client.post(f"/admin/opgaver/{booking.pk}/", {
                "starts_at": starts_at, "duration_minutes": 60, "place": "Rådhuset", "meeting_url": ""})
            assert refused.status_code == 200, starts_at
        do_task(client, anne, booking, {"starts_at": "2027-02-24T13:00", "duration_minutes": 60, "place": "Rådhuset",
                                        "meeting_url": ""})
    with time_machine.travel(local(date(2027, 2, 24), 15), tick=False):
        scheduler.run_due_jobs()  # the session has been held
        guidance = open_task(registration, CourseFlow.guidance)
        client.force_login(anne)
        for held_on, message in [("2027-02-32", "Indtast en gyldig dato."),
                                 ("2027-03-01", "En session kan ikke være holdt i fremtiden."),
                                 ("2026-12-01", "en session kan ikke være holdt før")]:
            refused = client.post(f"/admin/opgaver/{guidance.pk}/", {"held_on": held_on, "notes": "Godt møde"})
            assert message in refused.content.decode(), held_on
        assert registration.course.guidance_sessions.get().held_on is None
