"""Writing to the municipality from its case ("Skriv til kommunen"): who may, the notice it sends (once, to the
contact person, answered to the writer, without the text: that is in the thread of "Jeres forløb"), the message on
the case's timeline, the audit log, the form's bounds, ended and anonymised cases, and the personal-data registry."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from core.models import OutboxMessage
from core.personal_data import ERASED, erase_person, export_person
from devtools.factories.core import UserFactory
from tests.support.course import AUTUMN, open_task
from workflows.course.flows import CourseFlow
from workflows.municipality import exchange
from workflows.permissions import Role
from workflows.personal_data import anonymise_registration
from workflows.registration import services
from workflows.registration.models import CaseMessage, Registration

pytestmark = pytest.mark.django_db

LATER = AUTUMN + timedelta(days=3)
MESSAGE = {"subject": "Dato for opstartsmødet", "body": "Hej\n\nKan I mødes den 4. januar kl. 10?"}
MESSAGES_SOURCE = "Beskeder til og fra kommunerne"


@pytest.fixture
def people(two_cases):
    """Aarhus is led by Anne; Odense by her colleague Bo. Aarhus's competence partner is Kirsten."""
    partner = UserFactory(username="kp", first_name="Kirsten", last_name="Partner", groups=[Role.PARTNER])
    aarhus, odense = two_cases.aarhus, two_cases.odense
    Registration.objects.filter(pk=aarhus.pk).update(lead_adviser=two_cases.adviser)
    Registration.objects.filter(pk=odense.pk).update(lead_adviser=two_cases.colleague)
    aarhus.course.competence_partner = partner
    aarhus.course.save()
    two_cases.aarhus.refresh_from_db()
    two_cases.odense.refresh_from_db()
    two_cases.partner = partner
    return two_cases


def write(client, user, case, data=MESSAGE):
    client.force_login(user)
    with time_machine.travel(LATER, tick=False):
        return client.post(f"/admin/sager/{case.pk}/skriv/", data)


def refused(response):
    return response.status_code == 302 and response["Location"] == "/admin/"  # Wagtail's "no permission"


@pytest.mark.parametrize("who, allowed", [
    ("adviser", True),  # the lead adviser
    ("coordinator", True),
    ("colleague", False),  # another adviser, even holding one of the case's tasks
    ("partner", False),  # the course's competence partner
    ("editor", False),
])
def test_the_lead_adviser_and_coordinators_may_write_and_nobody_else(client, people, who, allowed):
    user = getattr(people, who)
    task = open_task(people.aarhus, CourseFlow.assign_lead_adviser)
    with task.activation() as activation:
        activation.assign(people.colleague)
    client.force_login(user)
    case_page = client.get(f"/admin/sager/{people.aarhus.pk}/").content.decode()
    form = client.get(f"/admin/sager/{people.aarhus.pk}/skriv/")
    response = write(client, user, people.aarhus)
    assert ('data-testid="write-to-municipality"' in case_page) == allowed
    assert refused(form) != allowed and refused(response) != allowed
    assert CaseMessage.objects.count() == (1 if allowed else 0)
    assert OutboxMessage.objects.filter(template="case_message").count() == (1 if allowed else 0)


def test_another_case_of_which_the_adviser_is_not_the_lead_is_refused(client, people):
    response = write(client, people.adviser, people.odense)
    assert refused(response)
    assert not CaseMessage.objects.exists() and not OutboxMessage.objects.filter(template="case_message").exists()


def test_the_contact_person_is_told_once_with_a_link_and_reply_to_the_writer_but_not_the_text(
        client, people, django_capture_on_commit_callbacks):
    """Nobody of Aarhus has signed in yet: the contact person gets the notice, with the way to sign in."""
    case, anne = people.aarhus, people.adviser
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = write(client, anne, case)
    assert response.status_code == 302 and response["Location"] == f"/admin/sager/{case.pk}/#tab-tidslinje"
    queued = OutboxMessage.objects.get(template="case_message")
    assert (queued.recipient, queued.reply_to) == (case.contact_email, anne.email)
    sent = [m for m in mail.outbox if m.to == [case.contact_email]]
    assert len(sent) == 1 and sent[0].reply_to == [anne.email]
    assert MESSAGE["subject"] not in sent[0].subject + sent[0].body and "mødes" not in sent[0].body
    assert f"/forloeb/jeres/{case.pk}/beskeder/" in sent[0].body and "/forloeb/jeres/log-ind/" in sent[0].body
    assert "Anne Rådgiver" in sent[0].body
    message = CaseMessage.objects.get()
    assert (message.registration, message.author, message.direction, message.outbox_message) == (
        case, anne, CaseMessage.Direction.TO_MUNICIPALITY, queued)
    assert (message.subject, message.body) == (MESSAGE["subject"], MESSAGE["body"])
    assert message.sent_at == LATER


def test_sending_says_so_in_danish_and_the_timeline_shows_who_when_and_the_message_once(client, people):
    case = people.aarhus
    client.force_login(people.adviser)
    with time_machine.travel(LATER, tick=False):
        page = client.post(f"/admin/sager/{case.pk}/skriv/", MESSAGE, follow=True).content.decode()
    assert gettext("The message has been sent to %(municipality)s.") % {"municipality": case.municipality} in page
    title = gettext("Message to the municipality: %(subject)s") % {"subject": MESSAGE["subject"]}
    timeline = page[page.index('data-testid="timeline"'):]
    assert timeline.count(title) == 1 and "Anne Rådgiver" in timeline
    assert 'datetime="2026-09-04T10:00:00+02:00"' in timeline
    assert "<summary>" + gettext("Show the message") + "</summary><p>Hej<br><br>Kan I mødes" in timeline
    # the email carrying it is the message, not a second event
    assert gettext("Email: %(subject)s") % {"subject": MESSAGE["subject"]} not in page


def test_the_audit_log_records_who_sent_a_message_without_its_text(client, people):
    write(client, people.coordinator, people.aarhus)
    entry = ModelLogEntry.objects.get(action=exchange.MESSAGE_SENT)
    assert entry.user == people.coordinator and entry.label == str(people.aarhus)
    assert entry.object_id == str(CaseMessage.objects.get().pk)
    assert MESSAGE["subject"] not in str(entry.data) and "mødes" not in str(entry.data)


def test_the_reply_goes_where_the_case_s_other_replies_go_when_the_writer_has_no_address(client, people):
    """A coordinator without an address writes: the answer reaches the lead adviser (`reply_address`)."""
    coordinator = people.coordinator
    coordinator.email = ""
    coordinator.save()
    write(client, coordinator, people.aarhus)
    assert OutboxMessage.objects.get(template="case_message").reply_to == people.adviser.email


@pytest.mark.parametrize("data, field, error", [
    ({**MESSAGE, "subject": "x" * 201}, "subject", "Denne værdi må højst have 200 tegn (den har 201)."),
    ({**MESSAGE, "body": "x" * 5001}, "body", "Denne værdi må højst have 5000 tegn (den har 5001)."),
    ({**MESSAGE, "subject": ""}, "body", "Dette felt er påkrævet."),
    ({**MESSAGE, "body": "  "}, "subject", "Dette felt er påkrævet."),
])
def test_a_message_out_of_bounds_is_refused_in_danish_with_the_input_kept(client, people, data, field, error):
    response = write(client, people.adviser, people.aarhus, data)
    html = response.content.decode()
    assert response.status_code == 200 and error in html
    assert data[field] in html  # what was typed in the other field too
    assert not CaseMessage.objects.exists() and not OutboxMessage.objects.filter(template="case_message").exists()


def test_the_form_is_a_page_to_open_and_sending_is_a_post_with_its_csrf_token(people):
    case = people.aarhus
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(people.adviser)
    form = strict.get(f"/admin/sager/{case.pk}/skriv/")
    assert form.status_code == 200 and 'name="csrfmiddlewaretoken"' in form.content.decode()
    assert strict.post(f"/admin/sager/{case.pk}/skriv/", MESSAGE).status_code == 403
    assert strict.put(f"/admin/sager/{case.pk}/skriv/", MESSAGE).status_code in (403, 405)
    assert strict.get(f"/admin/sager/{case.pk}/skriv/", MESSAGE).status_code == 200
    assert not CaseMessage.objects.exists() and not OutboxMessage.objects.filter(template="case_message").exists()


@pytest.mark.parametrize("outcome", [Registration.Status.WITHDRAWN, Registration.Status.DECLINED])
def test_an_ended_case_can_still_be_written_to(client, people, outcome):
    """A municipality that withdrew or was declined still has a contact person, and a question after the end
    (an invoice, a seat next year) is the lead adviser's to ask."""
    services.end_case(people.aarhus, outcome)
    response = write(client, people.adviser, people.aarhus)
    assert response.status_code == 302 and CaseMessage.objects.count() == 1


def test_an_anonymised_case_has_no_address_and_writing_to_it_is_refused_with_the_reason(client, people):
    case = people.aarhus
    anonymise_registration(case)
    reason = gettext("The contact person's details have been erased, so there is no address to write to.")
    client.force_login(people.adviser)
    page = client.get(f"/admin/sager/{case.pk}/").content.decode()
    assert 'data-testid="write-to-municipality"' not in page and reason in page
    for response in (client.get(f"/admin/sager/{case.pk}/skriv/", follow=True),
                     client.post(f"/admin/sager/{case.pk}/skriv/", MESSAGE, follow=True)):
        assert response.redirect_chain == [(f"/admin/sager/{case.pk}/", 302)]
        assert reason in response.content.decode()
    with pytest.raises(exchange.NoAddress):
        exchange.write_to_municipality(case, people.adviser, "Emne", "Tekst")
    assert not CaseMessage.objects.exists() and not OutboxMessage.objects.filter(template="case_message").exists()


def test_the_contact_person_gets_their_messages_on_request_and_erasure_removes_them_as_from_notes(client, people):
    case = people.aarhus
    name, address = case.contact_name, case.contact_email
    write(client, people.adviser, case, {"subject": f"Til {name}", "body": f"Kære {name}\n\nVelkommen."})
    note = services.add_note(case, people.adviser, f"Talte med {name}.")
    exported = export_person(address)[MESSAGES_SOURCE]
    assert [(row["subject"], row["body"]) for row in exported] == [(f"Til {name}", f"Kære {name}\n\nVelkommen.")]
    erase_person(address)
    message = CaseMessage.objects.get()
    note.refresh_from_db()
    assert (message.subject, message.body) == (f"Til {ERASED}", f"Kære {ERASED}\n\nVelkommen.")
    assert note.text == f"Talte med {ERASED}."


def test_messages_go_with_their_case(client, people):
    write(client, people.adviser, people.aarhus)
    CaseMessage.objects.get().registration.delete()
    assert not CaseMessage.objects.exists()

