"""Screening in the staff workspace: claim, decide, decision emails; the reminder; the waiting-list seat offer."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from viewflow.workflow.models import Task

from core import scheduler
from devtools.factories.core import UserFactory
from devtools.factories.workflows import CohortFactory, MeetingSignupFactory, RegistrationFactory, municipality
from tests.support.programme import emails_to, html_body, links_in, only_email_to, path_of
from workflows.models import DecisionText, Registration
from workflows.permissions import Role
from workflows.registration import services
from workflows.registration.flows import ScreeningFlow, SeatOfferFlow

pytestmark = pytest.mark.django_db


def submit(cohort, code="aarhus"):
    return services.submit(RegistrationFactory.build(
        cohort=cohort, programme=cohort.programme, municipality=municipality(code),
        contact_email=f"peer@{code}.example.dk",
    ))


def open_task(registration, flow_task):
    return Task.objects.get(process__in=registration.processes.all(), flow_task=flow_task, finished__isnull=True)


def claim_and_execute(client, user, task, data):
    client.force_login(user)
    assert client.post(f"/admin/opgaver/{task.pk}/tag/").status_code == 302
    form = client.get(f"/admin/opgaver/{task.pk}/")
    assert form.status_code == 200
    return form, client.post(f"/admin/opgaver/{task.pk}/", data)


def test_an_adviser_sees_the_task_in_the_queue_with_the_answers_and_accepts(
    client, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(label="Januar 2027")
    registration = submit(cohort)
    MeetingSignupFactory(meeting__programme=cohort.programme, municipality=registration.municipality, attended=True)
    adviser = UserFactory(username="rikke", groups=[Role.ADVISER])
    client.force_login(adviser)
    queue = client.get("/admin/opgaver/koe/")
    assert queue.status_code == 200 and "Screen" in queue.content.decode()

    task = open_task(registration, ScreeningFlow.screen)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        form, done = claim_and_execute(client, adviser, task, {"decision": "accept", "reason": ""})
    page = form.content.decode()
    assert registration.motivation in page and "Deltog i et informationsmøde" in page and ">ja<" in page
    assert 'value="waiting_list"' not in page  # a seated municipality is accepted or declined
    assert done.status_code == 302

    registration.refresh_from_db()
    assert (registration.status, registration.seat) == ("accepted", "seated")
    task.refresh_from_db()
    assert task.status == "DONE" and task.owner == adviser
    assert registration.lead_adviser == adviser
    message = only_email_to("peer@aarhus.example.dk")
    accept_text = DecisionText.objects.get(decision="accept")
    assert message.subject == accept_text.subject == "Jeres kommune er optaget i rådgivningsforløbet"
    assert accept_text.text in message.body and "Januar 2027" in message.body
    status_link = next(link for link in links_in(message.body) if "/forloeb/status/" in link)
    assert status_link in html_body(message)
    assert "Optaget" in client.get(path_of(status_link)).content.decode()
    # ... and where its people sign in to do their part ("Jeres forløb").
    assert any(link.endswith("/forloeb/jeres/log-ind/") for link in links_in(message.body))


def test_staff_edit_the_decision_texts_and_a_decline_needs_a_reason(client, django_capture_on_commit_callbacks):
    DecisionText.objects.filter(decision="decline").update(subject="Afslag", text="Vi har valgt andre kommuner.")
    registration = submit(CohortFactory())
    adviser = UserFactory(groups=[Role.ADVISER])
    task = open_task(registration, ScreeningFlow.screen)
    _form, refused = claim_and_execute(client, adviser, task, {"decision": "decline", "reason": " "})
    assert refused.status_code == 200
    assert "Giv kommunen en begrundelse, når I giver afslag." in refused.content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(f"/admin/opgaver/{task.pk}/",
                           {"decision": "decline", "reason": "Vi prioriterer kommuner uden peers."})
    assert done.status_code == 302
    registration.refresh_from_db()
    assert (registration.status, registration.seat) == ("declined", "none")
    message = only_email_to("peer@aarhus.example.dk")
    assert message.subject == "Afslag"
    assert "Vi har valgt andre kommuner." in message.body
    assert "Begrundelse: Vi prioriterer kommuner uden peers." in message.body
    assert "/forloeb/jeres/" not in message.body  # a declined municipality has no course to sign in to


def test_declining_a_seated_registration_offers_the_seat_and_the_coordinator_confirms_it(
    client, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(capacity=1)
    seated = submit(cohort, "aarhus")
    waiting = submit(cohort, "odense")
    adviser = UserFactory(groups=[Role.ADVISER])
    with django_capture_on_commit_callbacks(execute=True):
        _form, done = claim_and_execute(client, adviser, open_task(waiting, ScreeningFlow.screen),
                                        {"decision": "waiting_list", "reason": ""})
    assert done.status_code == 302
    waiting.refresh_from_db()
    assert (waiting.status, waiting.seat, waiting.waiting_position()) == ("waiting_list", "waiting", 1)
    told = only_email_to("peer@odense.example.dk", subject="Jeres kommune er på ventelisten")
    assert DecisionText.objects.get(decision="waiting_list").text in told.body
    assert "I står som nummer 1 på ventelisten." in told.body
    assert next(link for link in links_in(told.body) if "/forloeb/status/" in link) in html_body(told)

    claim_and_execute(client, adviser, open_task(seated, ScreeningFlow.screen),
                      {"decision": "decline", "reason": "Uden for målgruppen."})
    waiting.refresh_from_db()
    assert waiting.seat == "offered"
    offer = open_task(waiting, SeatOfferFlow.offer)

    assert not adviser.has_perm("workflows.offer_seat")  # offers belong to the coordinators
    coordinator = UserFactory(groups=[Role.COORDINATOR])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        form, granted = claim_and_execute(client, coordinator, offer, {"outcome": "grant", "note": ""})
    assert "Odense" in form.content.decode()
    assert granted.status_code == 302
    waiting.refresh_from_db()
    assert (waiting.status, waiting.seat) == ("accepted", "seated")
    message = only_email_to("peer@odense.example.dk")
    assert message.subject == "Der er en plads til jer i rådgivningsforløbet"


def test_a_registration_waiting_three_working_days_reminds_the_advisers_without_closing_the_task(
    django_capture_on_commit_callbacks
):
    UserFactory(username="adviser-a", email="a@styrelsen.example.dk", groups=[Role.ADVISER])
    UserFactory(username="adviser-b", email="b@styrelsen.example.dk", groups=[Role.ADVISER])
    friday_morning = timezone.make_aware(datetime(2026, 11, 27, 9, 0))
    with time_machine.travel(friday_morning, tick=False):
        registration = submit(CohortFactory())

    wednesday = timezone.make_aware(datetime(2026, 12, 2, 9, 0))
    with time_machine.travel(wednesday - timedelta(minutes=1), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        scheduler.run_due_jobs()
    assert emails_to("a@styrelsen.example.dk") == []  # Mon, Tue and Wednesday morning: not three working days

    with time_machine.travel(wednesday + timedelta(minutes=1), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        scheduler.run_due_jobs()
    message = only_email_to("a@styrelsen.example.dk")
    assert only_email_to("b@styrelsen.example.dk").subject == message.subject
    assert message.subject == "Påmindelse: tilmeldingen fra Aarhus venter på screening"
    task_link = next(link for link in links_in(message.body) if "/admin/opgaver/" in link)
    assert path_of(task_link) == f"/admin/opgaver/{open_task(registration, ScreeningFlow.screen).pk}/"
    assert open_task(registration, ScreeningFlow.screen).status == "NEW"  # non-interrupting: still waiting


def test_passing_an_offered_seat_moves_it_to_the_next_on_the_waiting_list(client):
    cohort = CohortFactory(capacity=1)
    first = submit(cohort, "aarhus")
    second, third = submit(cohort, "odense"), submit(cohort, "vejle")
    Registration.objects.filter(pk__in=[second.pk, third.pk]).update(status="waiting_list")
    services.withdraw(first)
    second.refresh_from_db()
    assert second.seat == "offered"
    coordinator = UserFactory(groups=[Role.COORDINATOR])
    claim_and_execute(client, coordinator, open_task(second, SeatOfferFlow.offer),
                      {"outcome": "pass", "note": "Kommunen har ikke ressourcer nu."})
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, second.seat) == ("withdrawn", "none")
    assert third.seat == "offered"
