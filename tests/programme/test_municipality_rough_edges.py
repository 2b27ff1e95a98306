"""The rough edges municipalities found (issue 18): what a withdrawal does in each state, the former contact person
told of a handover, the answers shown back, a decline without "follow your course", Danish phone numbers, and a
Reply-To that reaches a person on every email that invites a reply."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.utils.translation import gettext

from core.models import OutboxMessage
from devtools.factories.core import UserFactory
from devtools.factories.workflows import CohortFactory, MeetingSignupFactory, RegistrationFactory, municipality
from tests.support.programme import emails_to, html_body, links_in, only_email_to, path_of, registration_post
from workflows.meetings import notifications as meeting_notifications
from workflows.models import Registration
from workflows.permissions import Role
from workflows.registration import links, notifications, services
from workflows.registration.forms import PHONE_MESSAGE, ContactForm
from workflows.registration.models import PeerExperience, WorkArea

pytestmark = pytest.mark.django_db


def submitted(cohort, code, **answers):
    return services.submit(RegistrationFactory.build(cohort=cohort, programme=cohort.programme,
                                                    municipality=municipality(code), **answers))


def withdraw_page(client, registration):
    html = client.get(f"/forloeb/status/{links.status_token(registration)}/afmeld/").content.decode()
    return html.split('data-testid="consequence">', 1)[1].split("</p>", 1)[0]


# 1. The withdrawal page says what withdrawing does in the registration's state.

def test_the_withdrawal_page_says_what_withdrawing_does_in_each_state(client):
    cohort = CohortFactory(capacity=1)
    seated = submitted(cohort, "aarhus")
    waiting = submitted(cohort, "odense")
    assert (seated.phase, seated.seat, waiting.seat) == ("screening", "seated", "waiting")
    frees_seat = gettext("The seat it holds goes to the next municipality on the waiting list.")
    text = withdraw_page(client, seated)
    assert gettext("Your registration has not been screened yet; it is withdrawn and will not be screened.") in text
    assert frees_seat in text
    text = withdraw_page(client, waiting)
    assert gettext("You also leave the waiting list.") in text and frees_seat not in text

    waiting.status = Registration.Status.WAITING_LIST
    waiting.save()
    text = withdraw_page(client, waiting)
    assert gettext("You leave the waiting list and will not be offered a seat.") in text
    assert "next municipality" not in text and gettext("The seat it holds goes to the next municipality on the "
                                                       "waiting list.") not in text

    seated.status = Registration.Status.ACCEPTED
    seated.save()
    assert gettext("Your seat is freed for the next municipality on the waiting list.") in withdraw_page(client, seated)
    seated.status = Registration.Status.IN_COURSE
    seated.save()
    text = withdraw_page(client, seated)
    assert gettext("Your course ends, and its coming meetings are cancelled.") in text and "waiting" not in text

    waiting.seat = Registration.Seat.OFFERED
    waiting.save()
    assert gettext("You decline the seat you have been offered; it goes to the next municipality on the "
                   "waiting list.") in withdraw_page(client, waiting)


def test_the_status_page_keeps_screening_and_the_waiting_list_apart(client):
    """"Tilmeldt, afventer screening (nummer 2 på ventelisten)" mixed two states in one status."""
    cohort = CohortFactory(capacity=1)
    submitted(cohort, "aarhus")
    waiting = submitted(cohort, "odense")

    def status_page():
        html = client.get(f"/forloeb/status/{links.status_token(waiting)}/").content.decode()
        status = html.split('data-testid="status">', 1)[1].split("</span>", 1)[0]
        queue = html.split('data-testid="queue">', 1)[1].split("</p>", 1)[0]
        return status, queue

    status, queue = status_page()
    assert status == gettext("Awaiting screening") and "venteliste" not in status
    assert "nummer 1 på ventelisten" in queue and "screener" in queue

    waiting.status = Registration.Status.WAITING_LIST
    waiting.save()
    status, queue = status_page()
    assert status == gettext("On the waiting list")
    assert "nummer 1 på ventelisten" in queue and "screener" not in queue


# 2. A new contact person: the old one is told, the new one gets a handover link.

def test_a_new_contact_person_gets_a_handover_link_and_the_old_one_is_told_without_the_new_address(
    client, django_capture_on_commit_callbacks
):
    registration = submitted(CohortFactory(), "aarhus", contact_name="Karen Holm", contact_email="karen@aarhus.dk")
    old_token = links.status_token(registration)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/forloeb/status/{old_token}/kontakt/",
                    {"contact_name": "Ole Berg", "contact_email": "ole@aarhus.dk", "contact_phone": "+45 87 65 43 21"})
    registration.refresh_from_db()
    assert registration.contact_email == "ole@aarhus.dk"

    told = only_email_to("karen@aarhus.dk")
    assert told.subject == "Ny kontaktperson for Aarhus i rådgivningsforløbet"
    assert told.body.startswith("Kære Karen Holm")
    assert "er ændret til Ole Berg" in told.body and "virker derfor ikke længere" in told.body
    assert "ole@aarhus.dk" not in told.body and "ole@aarhus.dk" not in html_body(told)
    assert "/forloeb/status/" not in told.body

    handover = only_email_to("ole@aarhus.dk")
    assert handover.subject == "Du er ny kontaktperson for Aarhus i rådgivningsforløbet"
    assert "Du er nu kontaktperson for Aarhus" in handover.body
    assert "Har du ikke bedt om linket" not in handover.body
    # The link names its moment (signed with a timestamp), so it is read back, not rebuilt: it opens this
    # registration for its new holder.
    [link] = [url for url in links_in(handover.body) if "/forloeb/status/" in url]
    token = path_of(link).rstrip("/").rsplit("/", 1)[1]
    assert links.registration_from_token(token, Registration.objects.all()) == registration


def test_a_requested_link_still_says_to_ignore_it_if_not_asked_for(django_capture_on_commit_callbacks):
    registration = submitted(CohortFactory(), "aarhus")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notifications.send_status_link(registration)
    message = only_email_to(registration.contact_email)
    assert message.subject == "Nyt link til jeres forløbsside"
    assert "Har du ikke bedt om linket, kan du se bort fra denne e-mail." in message.body


def test_changing_only_the_name_sends_no_email(client, django_capture_on_commit_callbacks):
    registration = submitted(CohortFactory(), "aarhus", contact_email="karen@aarhus.dk")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/forloeb/status/{links.status_token(registration)}/kontakt/",
                    {"contact_name": "Karen Holm-Berg", "contact_email": "Karen@aarhus.dk"})
    assert mail.outbox == []


# 3. The answers, on the status page and in the confirmation, with a copy to the manager.

ANSWERS = {"motivation": "Vi vil have peers i alle væresteder.", "peer_experience_details": "To frivillige.",
           "expected_participants": 17, "contact_name": "Karen Holm", "contact_email": "karen@aarhus.dk",
           "contact_phone": "12 34 56 78", "second_contact_name": "Per Lund", "second_contact_email": "per@aarhus.dk",
           "manager_name": "Lone Dahl", "manager_title": "Socialchef", "manager_email": "lone@aarhus.dk",
           "work_areas": ["drop_in", "outreach"]}
SHOWN = ["Vi vil have peers i alle væresteder.", "To frivillige.", "17", "Karen Holm, karen@aarhus.dk, 12 34 56 78",
         "Per Lund, per@aarhus.dk", "Lone Dahl, Socialchef, lone@aarhus.dk"]


def labels(*values):
    return [str(label) for label in values]


def test_the_status_page_shows_the_answers_read_only_in_a_collapsible_section(client):
    registration = submitted(CohortFactory(), "aarhus", **ANSWERS)
    html = client.get(f"/forloeb/status/{links.status_token(registration)}/").content.decode()
    section = html.split('<details class="answers" data-testid="answers">', 1)[1].split("</details>", 1)[0]
    for value in SHOWN:
        assert value in section, value
    for label in labels(WorkArea.DROP_IN.label, WorkArea.OUTREACH.label, PeerExperience.SOME.label):
        assert label in section, label
    assert "<input" not in section and "<textarea" not in section


def test_the_confirmation_repeats_the_answers_and_the_manager_gets_a_copy_without_the_link(
    client, django_capture_on_commit_callbacks
):
    cohort = CohortFactory()
    with django_capture_on_commit_callbacks(execute=True):
        submitted(cohort, "aarhus", **ANSWERS)
    confirmation = only_email_to("karen@aarhus.dk")
    assert confirmation.subject == "Vi har modtaget jeres tilmelding"
    copy = only_email_to("lone@aarhus.dk")
    assert copy.subject == "Kopi: Aarhus er tilmeldt rådgivningsforløbet"
    assert copy.body.startswith("Kære Lone Dahl") and "Karen Holm har tilmeldt Aarhus" in copy.body
    assert "/forloeb/status/" not in copy.body  # the link is the contact person's
    assert "/forloeb/status/" in confirmation.body
    for message in (confirmation, copy):
        for value in SHOWN:
            assert value in message.body, value
        assert "Motivation:" in message.body and "Forventet antal deltagere:" in message.body


def test_no_copy_when_the_manager_is_the_contact_person(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submitted(CohortFactory(), "aarhus", contact_email="lone@aarhus.dk", manager_email="Lone@aarhus.dk")
    assert len(emails_to("lone@aarhus.dk")) == 1


# 4. A decline does not ask the municipality to follow its course.

@pytest.mark.parametrize(("decision", "follow"), [("decline", False), ("accept", True), ("waiting_list", True)])
def test_only_a_municipality_still_in_the_programme_is_asked_to_follow_its_course(
    decision, follow, django_capture_on_commit_callbacks
):
    registration = submitted(CohortFactory(), "aarhus")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notifications.send_decision(registration, decision)
    message = only_email_to(registration.contact_email)
    assert ("Følg jeres forløb her" in message.body) is follow
    assert ("/forloeb/status/" in message.body) is follow


# 5. Danish phone numbers.

@pytest.mark.parametrize("phone", ["12345678", "12 34 56 78", "+4512345678", "+45 12 34 56 78", ""])
def test_danish_phone_numbers_are_accepted(phone):
    form = ContactForm({"contact_name": "Karen", "contact_email": "karen@aarhus.dk", "contact_phone": phone})
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("phone", ["abc", "1234567", "123456789", "+46 12 34 56 78", "12-34-56-78", "+45"])
def test_other_phone_numbers_are_refused(phone):
    form = ContactForm({"contact_name": "Karen", "contact_email": "karen@aarhus.dk", "contact_phone": phone})
    assert form.errors["contact_phone"] == [str(PHONE_MESSAGE)]


def test_the_registration_form_refuses_a_phone_number_in_danish_and_keeps_the_input(client):
    cohort = CohortFactory()
    data = registration_post(cohort, municipality("aarhus"), contact_phone="abc")
    response = client.post(f"/forloeb/{cohort.programme.slug}/tilmelding/", data)
    html = response.content.decode()
    assert response.status_code == 200 and not Registration.objects.exists()
    assert str(PHONE_MESSAGE) in html.replace("&#x27;", "'")
    assert 'value="abc"' in html and data["motivation"] in html and 'type="tel"' in html


def test_the_status_pages_contact_form_refuses_a_phone_number_and_keeps_the_input(client):
    registration = submitted(CohortFactory(), "aarhus", contact_phone="12 34 56 78")
    response = client.post(f"/forloeb/status/{links.status_token(registration)}/kontakt/",
                           {"contact_name": "Ny Person", "contact_email": registration.contact_email,
                            "contact_phone": "abc"})
    html = response.content.decode()
    assert str(PHONE_MESSAGE) in html and 'value="abc"' in html and 'value="Ny Person"' in html
    registration.refresh_from_db()
    assert registration.contact_phone == "12 34 56 78"


# 6. Reply-To on every email that invites a reply.

def test_emails_to_the_municipality_reply_to_the_programme_until_a_lead_adviser_takes_over(
    django_capture_on_commit_callbacks
):
    cohort = CohortFactory()
    cohort.programme.contact_email = "forloeb@styrelsen.dk"
    cohort.programme.save()
    with django_capture_on_commit_callbacks(execute=True):
        registration = submitted(cohort, "aarhus")
    received = OutboxMessage.objects.get(recipient=registration.contact_email)
    assert received.reply_to == "forloeb@styrelsen.dk"
    assert only_email_to(registration.contact_email).reply_to == ["forloeb@styrelsen.dk"]

    registration.lead_adviser = UserFactory(groups=[Role.ADVISER], email="mette@styrelsen.dk")
    registration.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(registration)
    withdrawn = OutboxMessage.objects.get(template="registration_withdrawn")
    assert withdrawn.reply_to == "mette@styrelsen.dk"
    assert "svare på denne e-mail" in withdrawn.body_text
    assert "Du kan svare på den" in withdrawn.body_html


def test_without_anyone_to_read_a_reply_no_email_invites_one(django_capture_on_commit_callbacks):
    cohort = CohortFactory()
    cohort.programme.contact_email = ""
    cohort.programme.save()
    with django_capture_on_commit_callbacks(execute=True):
        registration = submitted(cohort, "aarhus")
        services.withdraw(registration)
    for message in OutboxMessage.objects.all():
        assert message.reply_to == ""
        assert "svare på" not in message.body_text and "Du kan svare" not in message.body_html


def test_staff_emails_do_not_invite_a_reply(django_capture_on_commit_callbacks):
    adviser = UserFactory(groups=[Role.ADVISER], email="mette@styrelsen.dk")
    registration = submitted(CohortFactory(), "aarhus")
    with django_capture_on_commit_callbacks(execute=True):
        notifications.send_screening_reminder(registration, "https://example.dk/opgave")
    message = OutboxMessage.objects.get(recipient=adviser.email, template="screening_reminder")
    assert message.reply_to == "" and "Du kan svare" not in message.body_html


def test_meeting_emails_reply_to_the_programme(django_capture_on_commit_callbacks):
    signup = MeetingSignupFactory(email="mette@kommune.dk")
    programme = signup.meeting.programme
    programme.contact_email = "forloeb@styrelsen.dk"
    programme.save()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_notifications.send_meeting_confirmation(signup)
        meeting_notifications.send_meeting_followup(signup)
    messages = OutboxMessage.objects.filter(recipient="mette@kommune.dk")
    assert {message.reply_to for message in messages} == {"forloeb@styrelsen.dk"}
    followup = messages.get(template="meeting_followup")
    assert "svare på denne e-mail" in followup.body_text


def test_every_template_that_invites_a_reply_is_sent_with_a_reply_to():
    """A guard for new templates: "svar(e) på denne e-mail" only behind `reply_to`."""
    root = Path(settings.BASE_DIR) / "templates" / "email"
    for body in root.glob("*/body.txt"):
        text = body.read_text()
        if body.parent.name == "contact_submission":
            continue  # to the agency, answered to the person who wrote (the form's Reply-To)
        for line in (line for line in text.splitlines() if "svare på denne e-mail" in line
                     or "svar på denne e-mail" in line):
            before = text[:text.index(line)]
            assert before.rfind("{% if reply_to %}") > before.rfind("{% endif %}"), (body, line)
    assert "{% if reply_to %} Du kan svare" in (root / "base.html").read_text()
