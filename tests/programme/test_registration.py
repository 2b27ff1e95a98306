"""Registration: seats, waiting list, the deadline to the second (also across a DST change), the status page."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from devtools.factories.core import UserFactory
from devtools.factories.workflows import CohortFactory, ProgrammeFactory, RegistrationFactory, local, municipality
from tests.support.course import AUTUMN
from tests.support.programme import (
    emails_to,
    html_body,
    links_in,
    only_email_to,
    path_of,
    registration_post,
)
from workflows.models import Registration
from workflows.permissions import Role
from workflows.registration import links, services
from workflows.registration.flows import ScreeningFlow, SeatOfferFlow

pytestmark = pytest.mark.django_db


def register(client, cohort, code, **overrides):
    url = f"/forloeb/{cohort.programme.slug}/tilmelding/"
    return client.post(url, registration_post(cohort, municipality(code), **overrides), follow=True)


def screened_waiting(cohort, code):
    """A registration that is on the waiting list after screening."""
    registration = services.submit(RegistrationFactory.build(cohort=cohort, programme=cohort.programme,
                                                            municipality=municipality(code)))
    registration.status = Registration.Status.WAITING_LIST
    registration.save()
    return registration


def test_registration_takes_a_seat_starts_screening_and_emails_a_working_status_link(
    client, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(label="Januar 2027", starts_on=date(2027, 1, 4))
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, cohort, "aarhus")
    assert response.status_code == 200
    assert "Der er en plads til jer" in response.content.decode()
    registration = Registration.objects.get()
    assert (registration.status, registration.seat) == ("submitted", "seated")
    assert registration.processes.get().flow_class == ScreeningFlow

    message = only_email_to("peer@aarhus.example.dk")
    assert message.subject == "Vi har modtaget jeres tilmelding"
    assert "Aarhus" in message.body and "hold Januar 2027 med opstart 4. januar 2027" in message.body
    [status_link] = [link for link in links_in(message.body) if "/forloeb/status/" in link]
    assert status_link in html_body(message) and f'href="{status_link}"' in html_body(message)
    page = client.get(path_of(status_link))
    assert page.status_code == 200
    assert '<span data-testid="status">Afventer screening</span>' in page.content.decode()


def test_a_full_cohort_puts_the_registration_on_the_waiting_list_and_tells_its_position(
    client, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(capacity=1)
    register(client, cohort, "aarhus")
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, cohort, "odense")
    assert "nummer 1 på ventelisten" in response.content.decode()
    odense = Registration.objects.get(municipality__code="odense")
    assert (odense.seat, odense.waiting_position()) == ("waiting", 1)
    message = only_email_to("peer@odense.example.dk")
    assert message.subject == "I er på ventelisten til rådgivningsforløbet"
    assert "ventelisten som nummer 1" in message.body


def test_the_programme_capacity_caps_all_cohorts_together(client):
    programme = ProgrammeFactory(capacity=2)
    january, august = CohortFactory(programme=programme), CohortFactory(programme=programme)
    register(client, january, "aarhus")
    register(client, august, "odense")
    register(client, august, "vejle")
    seats = dict(Registration.objects.values_list("municipality__code", "seat"))
    assert seats == {"aarhus": "seated", "odense": "seated", "vejle": "waiting"}


@pytest.mark.parametrize(
    "deadline",
    [
        local(date(2026, 11, 30), 23, 59, 59),  # an ordinary winter-time deadline
        local(date(2027, 3, 28), 3, 0, 0),  # the first second of summer time: 02:00 never happened that night
    ],
    ids=["winter", "just-after-dst-change"],
)
def test_the_deadline_holds_to_the_second_in_copenhagen_time(client, deadline):
    deadline = deadline.astimezone(UTC)  # arithmetic on Copenhagen wall time would step into the DST gap
    cohort = CohortFactory(registration_opens=deadline - timedelta(days=60), registration_closes=deadline,
                           starts_on=deadline.date() + timedelta(days=60))
    with time_machine.travel(deadline - timedelta(minutes=10), tick=False):
        form_page = client.get(f"/forloeb/{cohort.programme.slug}/tilmelding/")
    assert f'value="{cohort.pk}"' in form_page.content.decode()

    with time_machine.travel(deadline + timedelta(seconds=1), tick=False):
        late = register(client, cohort, "odense", motivation="Vores svar skal ikke gå tabt.")
    assert late.status_code == 200
    html = late.content.decode()
    deadline_text = f"{timezone.localtime(deadline):%H:%M}"
    assert "Tilmeldingen til" in html and "lukkede" in html and deadline_text in html
    assert f"{timezone.localtime(deadline):%H:%M:%S}" not in html  # no seconds in a deadline people read
    assert "Vores svar skal ikke gå tabt." in html  # the input is kept
    assert not Registration.objects.exists()

    with time_machine.travel(deadline - timedelta(seconds=1), tick=False):
        in_time = register(client, cohort, "odense")
    assert "Tak for jeres tilmelding" in in_time.content.decode()
    assert Registration.objects.count() == 1


def test_the_dst_deadline_is_stored_as_the_right_instant():
    assert local(date(2027, 3, 28), 3, 0, 0) == datetime(2027, 3, 28, 1, 0, tzinfo=UTC)
    cohort = CohortFactory(registration_opens=local(date(2027, 1, 1)),
                           registration_closes=local(date(2027, 3, 28), 3, 0, 0), starts_on=date(2027, 8, 2))
    assert cohort.is_open(datetime(2027, 3, 28, 0, 59, 59, tzinfo=UTC))
    assert not cohort.is_open(datetime(2027, 3, 28, 1, 0, 0, tzinfo=UTC))


def test_a_municipality_that_registered_is_told_so_and_can_have_its_link_resent(
    client, django_capture_on_commit_callbacks
):
    cohort = CohortFactory()
    register(client, cohort, "aarhus")
    mail.outbox.clear()
    response = register(client, cohort, "aarhus", contact_email="someone.else@example.dk")
    html = response.content.decode()
    assert "Aarhus er allerede tilmeldt" in html
    assert "Status:" not in html and "Tilmeldt, afventer screening" not in html  # never another's status
    assert Registration.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        resend = client.post(f"/forloeb/{cohort.programme.slug}/tilmelding/send-link/",
                             {"municipality": municipality("aarhus").pk})
    assert resend.status_code == 302  # to the answer page, so a reload sends nothing again
    assert emails_to("someone.else@example.dk") == []  # the link only goes to the registration's own contact
    message = only_email_to("peer@aarhus.example.dk")
    assert message.subject == "Nyt link til jeres forløbsside"
    assert client.get(path_of([u for u in links_in(message.body) if "/status/" in u][0])).status_code == 200


def test_picking_a_registered_municipality_never_shows_its_screening_result(client):
    """The attack: pick Aarhus in the form and send it, and the page said "Aarhus ... Status: Optaget"."""
    cohort = CohortFactory(label="Forår 2027")
    aarhus = services.submit(RegistrationFactory.build(cohort=cohort, programme=cohort.programme,
                                                      municipality=municipality("aarhus"),
                                                      contact_name="Birthe Holm", contact_email="birthe@aarhus.dk"))
    for status in (Registration.Status.ACCEPTED, Registration.Status.DECLINED, Registration.Status.WAITING_LIST):
        aarhus.status = status
        aarhus.save()
        response = client.post(f"/forloeb/{cohort.programme.slug}/tilmelding/",
                               registration_post(cohort, municipality("aarhus"), contact_email="nysgerrig@example.dk",
                                                 contact_name="Kim Nysgerrig", manager_name="Lone Dam"))
        html = response.content.decode()
        assert response.status_code == 200 and "Aarhus er allerede tilmeldt" in html
        assert aarhus.get_status_display() not in html, status
        for told in ("Status:", "Optaget", "Afvist", "Birthe", "birthe@aarhus.dk"):
            assert told not in html, (status, told)
        assert 'action="/forloeb/' in html and f'name="municipality" value="{aarhus.municipality_id}"' in html
    assert Registration.objects.count() == 1


def test_invalid_input_gets_danish_messages_and_keeps_what_was_typed(client):
    cohort = CohortFactory()
    data = registration_post(cohort, municipality("aarhus"), contact_email="ikke-en-adresse", consent="")
    del data["consent"]
    response = client.post(f"/forloeb/{cohort.programme.slug}/tilmelding/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Indtast en gyldig e-mail-adresse." in html
    assert "I skal give samtykke, før I kan tilmelde jer." in html
    assert "ikke-en-adresse" in html and data["motivation"] in html
    assert not Registration.objects.exists()


def test_registration_page_says_so_when_no_cohort_is_open(client):
    cohort = CohortFactory(registration_closes=local(date(2020, 1, 1), 12))
    response = client.get(f"/forloeb/{cohort.programme.slug}/tilmelding/")
    assert "Tilmeldingen er lukket" in response.content.decode()


@time_machine.travel(AUTUMN, tick=False)
def test_status_page_edits_contacts_offers_calendar_files_and_withdraws_with_confirmation(
    client, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(capacity=1, starts_on=date(2027, 1, 4))
    aarhus = services.submit(RegistrationFactory.build(cohort=cohort, programme=cohort.programme))
    odense = screened_waiting(cohort, "odense")
    token = links.status_token(aarhus)

    # Before screening the kickoff is on the journey, but no date is promised as coming.
    page = client.get(f"/forloeb/status/{token}/").content.decode()
    assert 'aria-current="step"' in page and "Opstart" in page and "4. januar 2027" in page
    assert 'data-testid="coming"' not in page
    assert client.get(f"/forloeb/status/{token}/kalender/opstart.ics").status_code == 404

    # Accepted: the expected kickoff (the cohort's first day) is a coming date with its calendar file.
    aarhus.refresh_from_db()
    task = aarhus.processes.get().task_set.get(flow_task=ScreeningFlow.screen)
    with task.activation() as activation:
        activation.assign(UserFactory(groups=[Role.ADVISER]))
    with task.activation() as activation:
        activation.start(None)
        services.decide(aarhus, "accept", running=activation.process)
        activation.execute()
    page = client.get(f"/forloeb/status/{token}/").content.decode()
    assert "Opstart (forventet): mandag 4. januar 2027" in page
    calendar = client.get(f"/forloeb/status/{token}/kalender/opstart.ics")
    assert calendar["Content-Type"].startswith("text/calendar")
    [event] = Calendar.from_ical(calendar.content).walk("VEVENT")
    assert event.decoded("dtstart") == date(2027, 1, 4)
    aarhus.refresh_from_db()

    bad = client.post(f"/forloeb/status/{token}/kontakt/", {"contact_name": "Ny Person", "contact_email": "forkert"})
    assert "Indtast en gyldig e-mail-adresse." in bad.content.decode() and "Ny Person" in bad.content.decode()
    saved = client.post(f"/forloeb/status/{token}/kontakt/",
                        {"contact_name": "Ny Person", "contact_email": "ny@aarhus.example.dk"}, follow=True)
    assert "Jeres kontaktoplysninger er gemt." in saved.content.decode()
    aarhus.refresh_from_db()
    assert aarhus.contact_email == "ny@aarhus.example.dk"
    # The link was the old contact person's: it stops working, and the page continues on the new person's link.
    assert client.get(f"/forloeb/status/{token}/").status_code == 404
    token = links.status_token(aarhus)
    assert saved.redirect_chain[-1][0].endswith(f"/forloeb/status/{token}/")

    confirm = client.get(f"/forloeb/status/{token}/afmeld/")
    assert "Ja, afmeld vores tilmelding" in confirm.content.decode()
    aarhus.refresh_from_db()
    assert aarhus.status == "accepted"  # looking at the confirmation changes nothing

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/forloeb/status/{token}/afmeld/")
    aarhus.refresh_from_db()
    odense.refresh_from_db()
    assert (aarhus.status, aarhus.seat) == ("withdrawn", "none")
    assert not aarhus.processes.filter(status="NEW").exists()  # its screening was cancelled
    assert odense.seat == "offered"  # the freed seat is held for the first on the waiting list
    assert odense.processes.get(flow_class=SeatOfferFlow).task_set.filter(status="NEW").exists()
    withdrawn = only_email_to("ny@aarhus.example.dk")
    assert withdrawn.subject == "Jeres tilmelding er afmeldt"
    assert "Vi bekræfter, at Aarhus er afmeldt rådgivningsforløbet" in withdrawn.body


def test_an_expired_status_link_offers_a_new_one_by_email(client, django_capture_on_commit_callbacks):
    registration = services.submit(RegistrationFactory.build(cohort=CohortFactory()))
    token = links.status_token(registration)
    with time_machine.travel(datetime.now(UTC) + links.STATUS_LINK_MAX_AGE + timedelta(days=1)):
        expired = client.get(f"/forloeb/status/{token}/")
    assert expired.status_code == 410
    assert "Linket er udløbet" in expired.content.decode()
    assert client.get("/forloeb/status/forfalsket-token/").status_code == 404

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post("/forloeb/status/nyt-link/", {"email": "ukendt@example.dk"})
        known = client.post("/forloeb/status/nyt-link/", {"email": registration.contact_email.upper()})
    assert unknown.content.decode().count("Tjek din e-mail") == known.content.decode().count("Tjek din e-mail")
    assert only_email_to(registration.contact_email).subject == "Nyt link til jeres forløbsside"


def test_raising_the_capacity_offers_the_freed_seat_to_the_first_on_the_waiting_list():
    cohort = CohortFactory(capacity=1)
    services.submit(RegistrationFactory.build(cohort=cohort, programme=cohort.programme))
    first, second = screened_waiting(cohort, "odense"), screened_waiting(cohort, "vejle")
    assert (first.waiting_position(), second.waiting_position()) == (1, 2)
    cohort.capacity = 2
    cohort.save()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.seat, second.seat) == ("offered", "waiting")
    assert second.waiting_position() == 1


def test_free_text_answers_have_a_maximum_shown_counted_and_enforced(client):
    from tests.support.programme import registration_post

    cohort = CohortFactory()
    url = f"/forloeb/{cohort.programme.slug}/tilmelding/"
    page = client.get(url).content.decode()
    assert 'maxlength="3000"' in page and "Højst 3.000 tegn." in page and "js/counter.js" in page
    data = registration_post(cohort, municipality("aarhus"), motivation="x" * 1_000_000)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Denne værdi må højst have 3000 tegn (den har 1000000)." in response.content.decode()
    assert not Registration.objects.exists()
