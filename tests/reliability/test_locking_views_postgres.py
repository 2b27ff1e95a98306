"""Every view that locks rows, run as production runs it: on PostgreSQL, outside a test transaction.

pytest-django wraps an ordinary test in a transaction, so a `select_for_update()` that is not inside
`transaction.atomic()` passes there and fails only in production, with TransactionManagementError and a 500 (the
newsletter's send did). Here each such view is driven through the test client as its user would drive it, with
`transaction=True`: every request commits on its own, on-commit callbacks (the outbox's delivery) run for real,
and each test checks what the view changed. Skipped on SQLite, which has no row locks."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from viewflow.workflow.models import Task

from cms.models import NewsletterIssue, Subscriber
from core.models import OutboxMessage, PersonalDataRequest
from core.personal_data import ERASED, ERASED_EMAIL
from devtools.factories.cms import SubscriberFactory
from devtools.factories.core import UserFactory
from devtools.factories.workflows import CohortFactory, InformationMeetingFactory, RegistrationFactory, municipality
from tests.support.course import AUTUMN, accepted_registration, do_task, open_task, staff
from tests.support.programme import only_email_to, registration_post
from workflows.course.flows import CourseFlow
from workflows.models import CaseNote, MeetingSignup, Registration
from workflows.permissions import Role
from workflows.registration import links, services
from workflows.registration.flows import ScreeningFlow, SeatOfferFlow

pytestmark = pytest.mark.django_db(transaction=True)

OPEN = ("NEW", "ASSIGNED", "STARTED", "SCHEDULED")


def submitted(cohort, code):
    """A registration as the public form saves it: seated while the cohort has room, else waiting."""
    return services.submit(RegistrationFactory.build(
        cohort=cohort, programme=cohort.programme, municipality=municipality(code),
        contact_email=f"peer@{code}.example.dk",
    ))


def open_tasks_of(registration):
    return Task.objects.filter(process__registrationprocess__registration=registration, status__in=OPEN)


def status(registration):
    registration.refresh_from_db()
    return registration.status, registration.seat


# --- The public site -------------------------------------------------------------------------------------


def test_an_editor_sends_a_newsletter_one_email_per_confirmed_subscriber(postgres_only, client):
    """cms.newsletter.send_issue locks the issue row: it must run in a transaction of its own."""
    for name in ("anna", "bo"):
        SubscriberFactory(email=f"{name}@example.dk", status=Subscriber.Status.CONFIRMED)
    SubscriberFactory(email="ventende@example.dk")
    SubscriberFactory(email="afmeldt@example.dk", status=Subscriber.Status.UNSUBSCRIBED)
    issue = NewsletterIssue.objects.create(subject="Nyt fra peer-rådgivningen", body="<p>Nye hold i august.</p>")
    client.force_login(UserFactory(username="erik", groups=[Role.EDITOR]))
    send_url = f"/admin/newsletter_issues/send/{issue.pk}/"
    assert "2 bekræftede abonnenter" in client.get(send_url).content.decode()

    response = client.post(send_url)
    assert response.status_code == 302 and response["Location"] == "/admin/newsletter_issues/"
    assert "Nyhedsbrevet er på vej til 2 abonnenter." in client.get(response["Location"]).content.decode()
    assert sorted(message.to[0] for message in mail.outbox) == ["anna@example.dk", "bo@example.dk"]
    assert all(message.subject == "Nyt fra peer-rådgivningen" for message in mail.outbox)
    sent = OutboxMessage.objects.filter(template="newsletter_issue")
    assert sorted(sent.values_list("recipient", "status")) == [("anna@example.dk", "sent"), ("bo@example.dk", "sent")]
    issue.refresh_from_db()
    assert issue.sent_at and issue.recipient_count == 2

    again = client.post(send_url, follow=True)  # a second click: refused under the lock, nothing sent
    assert again.status_code == 200 and "Nyhedsbrevet er allerede sendt." in again.content.decode()
    assert len(mail.outbox) == 2


def test_a_visitor_signs_up_for_the_newsletter(postgres_only, client):
    response = client.post("/nyhedsbrev/", {"email": "Mona@Example.dk"})
    assert response.status_code == 302 and response["Location"] == "/nyhedsbrev/?sendt=1"
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.status) == ("mona@example.dk", Subscriber.Status.PENDING)
    assert [message.to for message in mail.outbox] == [["mona@example.dk"]]


def test_a_municipality_signs_up_for_an_information_meeting(postgres_only, client):
    meeting = InformationMeetingFactory(capacity=1)
    response = client.post(f"/forloeb/moeder/{meeting.pk}/tilmeld/", {
        "name": "Mette Hansen", "email": "mette@kommune.example.dk", "municipality": municipality("aarhus").pk,
        "role": "Socialfaglig leder"})
    assert response.status_code == 302 and f"/forloeb/moeder/{meeting.pk}/tilmeld/kvittering/" in response["Location"]
    assert MeetingSignup.objects.get(meeting=meeting).email == "mette@kommune.example.dk"
    assert only_email_to("mette@kommune.example.dk").subject.startswith("Du er tilmeldt informationsmødet")


def test_a_municipality_registers_through_the_public_form(postgres_only, client):
    """The form's submit takes a seat under the programme's row lock and starts the screening."""
    cohort = CohortFactory(capacity=1)
    url = f"/forloeb/{cohort.programme.slug}/tilmelding/"
    for code in ("aarhus", "odense"):
        response = client.post(url, registration_post(cohort, municipality(code)))
        assert response.status_code == 302, response.content.decode()
        assert "/tilmelding/kvittering/" in response["Location"]
    assert client.get(response["Location"]).status_code == 200
    aarhus, odense = (Registration.objects.get(municipality__code=code) for code in ("aarhus", "odense"))
    assert status(aarhus) == ("submitted", "seated")
    assert status(odense) == ("submitted", "waiting") and odense.waiting_position() == 1
    for registration in (aarhus, odense):
        assert registration.processes.get().flow_class == ScreeningFlow
        assert open_task(registration, ScreeningFlow.screen).status == "NEW"
    assert only_email_to("peer@aarhus.example.dk").subject == "Vi har modtaget jeres tilmelding"
    assert only_email_to("peer@odense.example.dk").subject == "I er på ventelisten til rådgivningsforløbet"


def test_a_municipality_withdraws_from_its_status_page(postgres_only, client):
    cohort = CohortFactory(capacity=1)
    aarhus, odense = submitted(cohort, "aarhus"), submitted(cohort, "odense")
    Registration.objects.filter(pk=odense.pk).update(status=Registration.Status.WAITING_LIST)
    token = links.status_token(aarhus)
    mail.outbox.clear()

    response = client.post(f"/forloeb/status/{token}/afmeld/")
    assert response.status_code == 302 and response["Location"] == f"/forloeb/status/{token}/"
    assert "Jeres tilmelding er afmeldt." in client.get(response["Location"]).content.decode()
    assert status(aarhus) == ("withdrawn", "none")
    assert not open_tasks_of(aarhus).exists()  # its screening was cancelled
    assert status(odense) == ("waiting_list", "offered")  # the freed seat is held for the first in line
    assert open_task(odense, SeatOfferFlow.offer).status == "NEW"
    assert only_email_to("peer@aarhus.example.dk").subject == "Jeres tilmelding er afmeldt"


# --- The staff workspace -----------------------------------------------------------------------------------


def test_an_adviser_claims_a_task(postgres_only, client):
    anne, _bo, _carla = staff()
    registration = submitted(CohortFactory(), "aarhus")
    task = open_task(registration, ScreeningFlow.screen)
    client.force_login(anne)
    response = client.post(f"/admin/opgaver/{task.pk}/tag/")
    assert response.status_code == 302
    assert "Opgaven er nu din." in client.get(response["Location"]).content.decode()
    task.refresh_from_db()
    assert (task.owner, task.status) == (anne, "ASSIGNED")


def test_an_adviser_accepts_a_registration_on_the_task_screen(postgres_only, client):
    anne, _bo, _carla = staff()
    registration = submitted(CohortFactory(), "aarhus")
    task = open_task(registration, ScreeningFlow.screen)
    mail.outbox.clear()

    do_task(client, anne, task, {"decision": "accept", "reason": ""})
    assert status(registration) == ("accepted", "seated")
    assert registration.lead_adviser == anne
    task.refresh_from_db()
    assert (task.status, task.owner) == ("DONE", anne)
    assert registration.processes.filter(flow_class=CourseFlow, finished__isnull=True).exists()
    message = only_email_to("peer@aarhus.example.dk")
    assert message.subject == "Jeres kommune er optaget i rådgivningsforløbet"


def test_an_adviser_declines_a_seated_registration_and_the_seat_is_offered_on(postgres_only, client):
    anne, _bo, _carla = staff()
    cohort = CohortFactory(capacity=1)
    aarhus, odense = submitted(cohort, "aarhus"), submitted(cohort, "odense")
    do_task(client, anne, open_task(odense, ScreeningFlow.screen), {"decision": "waiting_list", "reason": ""})
    assert status(odense) == ("waiting_list", "waiting")
    assert only_email_to("peer@odense.example.dk", subject="Jeres kommune er på ventelisten")

    do_task(client, anne, open_task(aarhus, ScreeningFlow.screen),
            {"decision": "decline", "reason": "Uden for målgruppen."})
    assert status(aarhus) == ("declined", "none")
    declined = only_email_to("peer@aarhus.example.dk", subject="Svar på jeres tilmelding til rådgivningsforløbet")
    assert "Begrundelse: Uden for målgruppen." in declined.body
    assert status(odense) == ("waiting_list", "offered")
    assert open_task(odense, SeatOfferFlow.offer).status == "NEW"


def test_a_coordinator_withdraws_a_case(postgres_only, client):
    anne, _bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        aarhus = accepted_registration(adviser=anne)
        cohort = aarhus.cohort
        cohort.capacity = 1
        cohort.save()
        odense = submitted(cohort, "odense")
        services.decide(odense, "waiting_list")
    assert open_tasks_of(aarhus).exists()  # the course has begun
    mail.outbox.clear()

    client.force_login(carla)
    with time_machine.travel(AUTUMN + timedelta(days=1), tick=False):
        assert client.get(f"/admin/sager/{aarhus.pk}/afmeld/").status_code == 200
        response = client.post(f"/admin/sager/{aarhus.pk}/afmeld/",
                               {"reason": "Kommunen trækker sig.", "confirm": "on"})
    assert response.status_code == 302 and response["Location"] == f"/admin/sager/{aarhus.pk}/"
    assert status(aarhus) == ("withdrawn", "none")
    assert not open_tasks_of(aarhus).exists()
    assert not aarhus.processes.filter(finished__isnull=True).exists()
    assert CaseNote.objects.get(registration=aarhus, author=carla).text == "Afmeldt: Kommunen trækker sig."
    assert only_email_to("peer@aarhus.kommune.example.dk").subject == "Jeres tilmelding er afmeldt"
    assert status(odense) == ("waiting_list", "offered")
    assert open_task(odense, SeatOfferFlow.offer).status == "NEW"


def offered_seat(client):
    """A full cohort (one seat, Aarhus's), Odense and then Vejle screened onto the waiting list by an adviser,
    and Aarhus withdrawing from its status page: the seat is offered to Odense, and a coordinator's task asks
    whether Odense takes it."""
    anne, _bo, carla = staff()
    cohort = CohortFactory(capacity=1)
    aarhus, odense, vejle = (submitted(cohort, code) for code in ("aarhus", "odense", "vejle"))
    assert status(aarhus) == ("submitted", "seated") and status(odense) == ("submitted", "waiting")
    for waiting in (odense, vejle):
        do_task(client, anne, open_task(waiting, ScreeningFlow.screen), {"decision": "waiting_list", "reason": ""})
    assert Client().post(f"/forloeb/status/{links.status_token(aarhus)}/afmeld/").status_code == 302
    assert status(aarhus) == ("withdrawn", "none")
    assert status(odense) == ("waiting_list", "offered") and status(vejle) == ("waiting_list", "waiting")
    mail.outbox.clear()
    return carla, odense, vejle, open_task(odense, SeatOfferFlow.offer)


def test_a_coordinator_grants_the_offered_seat(postgres_only, client):
    carla, odense, vejle, offer = offered_seat(client)
    page = do_task(client, carla, offer, {"outcome": "grant", "note": ""})
    assert "Odense" in page
    assert status(odense) == ("accepted", "seated")
    assert odense.processes.filter(flow_class=CourseFlow, finished__isnull=True).exists()
    offer.refresh_from_db()
    assert (offer.status, offer.owner) == ("DONE", carla)
    assert only_email_to("peer@odense.example.dk").subject == "Der er en plads til jer i rådgivningsforløbet"
    assert status(vejle) == ("waiting_list", "waiting")


def test_a_coordinator_records_that_the_municipality_passes_the_seat(postgres_only, client):
    carla, odense, vejle, offer = offered_seat(client)
    do_task(client, carla, offer, {"outcome": "pass", "note": "Kommunen har ikke ressourcer nu."})
    assert status(odense) == ("withdrawn", "none")
    assert odense.decision_reason == "Kommunen har ikke ressourcer nu."
    assert not odense.processes.filter(flow_class=CourseFlow).exists()
    offer.refresh_from_db()
    assert (offer.status, offer.owner) == ("DONE", carla)
    assert status(vejle) == ("waiting_list", "offered")  # the seat goes to the next in line
    assert open_task(vejle, SeatOfferFlow.offer).status == "NEW"


def test_a_coordinator_erases_a_person(postgres_only, client):
    cohort = CohortFactory()
    registration = services.submit(RegistrationFactory.build(
        cohort=cohort, programme=cohort.programme, municipality=municipality("aarhus"),
        contact_name="Karen Strømgaard", contact_email="karen@aarhus.example.dk",
    ))
    token = links.status_token(registration)
    assert OutboxMessage.objects.filter(recipient="karen@aarhus.example.dk").exists()  # the receipt
    _anne, _bo, carla = staff()
    client.force_login(carla)

    preview = client.post("/admin/persondata/", {"email": "karen@aarhus.example.dk", "action": "preview"})
    response = client.post("/admin/persondata/", {"email": "karen@aarhus.example.dk", "action": "erase",
                                                  "confirm": "on", "digest": preview.context["digest"]})
    assert response.status_code == 302 and response["Location"] == "/admin/persondata/"
    registration.refresh_from_db()
    assert (registration.contact_name, registration.contact_email) == (ERASED, ERASED_EMAIL)
    assert not OutboxMessage.objects.filter(recipient="karen@aarhus.example.dk").exists()
    audit = PersonalDataRequest.objects.get(action="erase")
    assert (audit.action, audit.performed_by) == ("erase", carla)
    assert audit.email_sha256 == PersonalDataRequest.hash_email("karen@aarhus.example.dk")
    assert Client().get(f"/forloeb/status/{token}/").status_code == 404  # the link was hers
