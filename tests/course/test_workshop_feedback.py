"""Workshop feedback: once the adviser records a workshop's outcome, each participant the municipality listed gets one
invitation to evaluate it anonymously; the link opens a short form once, for 30 days, and the answer names nobody.
The answers are read per workshop type, and only once at least five stand behind a figure. The invitation is the
personal data here: it goes with the participant's erasure, and 30 days after its link expired."""

import re
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.db import models
from django.test import override_settings

from core import personal_data, scheduler
from core.models import OutboxMessage
from devtools.factories.workflows import RegistrationFactory, WorkshopFeedbackFactory, local
from tests.support.course import AUTUMN, accepted_registration, course_under_way, do_task, open_task, staff
from workflows.course import feedback, participation, services
from workflows.course.flows import WorkshopFlow
from workflows.course.models import FeedbackInvitation, ParticipantRole, Workshop, WorkshopFeedback
from workflows.outcomes.results import MINIMUM_GROUP

pytestmark = pytest.mark.django_db

PLANNED = local(date(2027, 1, 20), 12)
HELD = local(date(2027, 2, 10), 9)
RECORDED = local(date(2027, 2, 10), 14)
NEXT_DAY = local(date(2027, 2, 11), 19, 30)
LINK = re.compile(r"/forloeb/evaluering/([^/\s]+)/")
PEOPLE = [{"name": "Lone Leder", "email": "lone@aarhus.example.dk", "role": ParticipantRole.MANAGER},
          {"name": "Pia Peer", "email": "pia@aarhus.example.dk", "role": ParticipantRole.PEER}]
ANSWERS = {"role": "peer", "useful": "5", "next_steps": "4", "peers_heard": "3", "recommend": "5",
           "comment": "Godt at høre peers selv fortælle."}


def links():
    """{recipient: the path of their evaluation link} from the invitations in the outbox."""
    return {message.recipient: LINK.search(message.body_text).group(0)
            for message in OutboxMessage.objects.filter(template=feedback.EMAIL_TEMPLATE)}


@pytest.fixture
def workshop():
    """A staff workshop on 10 February 2027 whose municipality listed Lone (manager) and Pia (peer)."""
    with time_machine.travel(PLANNED, tick=False):
        held = Workshop.objects.create(course=services.open_course(RegistrationFactory()), audience="staff",
                                       starts_at=HELD, place="Rådhuset")
        participation.respond_to_workshop(held, PEOPLE, 3, "")
    return held


@pytest.fixture
def link(workshop):
    """Pia's link, sent when the outcome was recorded."""
    with time_machine.travel(RECORDED, tick=False):
        feedback.invite(workshop)
    return links()["pia@aarhus.example.dk"]


# -- invitations ---------------------------------------------------------------------------------------------------

def test_each_participant_is_invited_once_when_the_adviser_records_the_outcome(
        client, django_capture_on_commit_callbacks):
    anne, _bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        aarhus = accepted_registration(adviser=anne)
    course_under_way(client, aarhus, anne, carla)
    with time_machine.travel(PLANNED, tick=False):
        participation.respond_to_workshop(aarhus.course.workshops.get(), PEOPLE, 3, "")
        do_task(client, anne, open_task(aarhus, WorkshopFlow.prepare), {"agenda": "Roller og ansvar."})
    for moment in (local(date(2027, 2, 8), 10), local(date(2027, 2, 10), 13)):  # the reminder, then the workshop
        with time_machine.travel(moment, tick=False):
            scheduler.run_due_jobs()
    assert not FeedbackInvitation.objects.exists()  # held, but not yet recorded

    with time_machine.travel(RECORDED, tick=False), django_capture_on_commit_callbacks(execute=True):
        do_task(client, anne, open_task(aarhus, WorkshopFlow.record_outcome),
                {"attendance": 9, "notes": "God dialog.", "agreed_actions": "En rollebeskrivelse."})
    sent = OutboxMessage.objects.filter(template=feedback.EMAIL_TEMPLATE)
    assert sorted(sent.values_list("recipient", flat=True)) == ["lone@aarhus.example.dk", "pia@aarhus.example.dk"]
    mail = sent.get(recipient="pia@aarhus.example.dk")
    assert mail.subject == "Hvordan var workshoppen? To minutters anonym evaluering"
    assert mail.body_text.startswith("Kære Pia Peer\n")
    assert "to minutter" in mail.body_text and "Evalueringen er anonym." in mail.body_text
    assert "indtil 12. marts 2027" in mail.body_text  # 30 days
    assert "http://testserver" not in mail.body_text and LINK.search(mail.body_text)
    assert len(set(links().values())) == 2  # a link of one's own

    with time_machine.travel(RECORDED + timedelta(hours=1), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        services.record_workshop_outcome(aarhus.course.workshops.get())  # recorded again: nobody invited twice
    assert sent.count() == 2 and FeedbackInvitation.objects.count() == 2


def test_a_workshop_the_municipality_never_answered_for_invites_nobody(django_capture_on_commit_callbacks):
    with time_machine.travel(PLANNED, tick=False):
        held = Workshop.objects.create(course=services.open_course(RegistrationFactory()), audience="peers",
                                       starts_at=HELD, place="Rådhuset")
    with time_machine.travel(RECORDED, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.record_workshop_outcome(held)
    assert not FeedbackInvitation.objects.exists() and not links()


def test_the_link_is_stored_only_as_a_hash(link):
    token = LINK.search(link).group(1)
    stored = FeedbackInvitation.objects.values_list("token_hash", flat=True)
    assert len(token) >= 43 and token not in stored and all(len(value) == 64 for value in stored)


# -- the form ------------------------------------------------------------------------------------------------------

def test_the_answer_is_stored_once_and_names_nobody(client, workshop, link):
    with time_machine.travel(NEXT_DAY, tick=False):
        page = client.get(link)
        assert page.status_code == 200
        html = page.content.decode()
        assert html.count("<fieldset") == html.count("<legend>") == 5  # the role and four statements
        assert html.count('type="radio"') == 3 + 4 * 5
        assert 'value="peer" required id="id_role_2" checked' in html  # her listed role, to confirm
        assert FeedbackInvitation.objects.filter(used=True).count() == 0  # opening the link uses nothing
        response = client.post(link, ANSWERS)
        assert response.status_code == 302 and response["Location"] == "/forloeb/evaluering/tak/"
        thanks = client.get(response["Location"])
        assert thanks.status_code == 200 and 'data-testid="thanks"' in thanks.content.decode()

        again = client.get(link)
        assert again.status_code == 410 and 'data-testid="refusal-used"' in again.content.decode()
        assert client.post(link, ANSWERS).status_code == 410
    answer = WorkshopFeedback.objects.get()
    assert (answer.workshop, answer.role, answer.useful, answer.next_steps, answer.peers_heard, answer.recommend,
            answer.comment, answer.created_on) == (workshop, "peer", 5, 4, 3, 5, ANSWERS["comment"], date(2027, 2, 11))
    assert FeedbackInvitation.objects.get(attendee__email="pia@aarhus.example.dk").used


def test_nothing_leads_from_an_answer_to_a_person():
    """The answer's fields: the workshop, the role, the four figures, the comment and a day. No key to an
    invitation, a participant or an account, and no time; the invitation keeps that it was used, not when."""
    fields = {field.name: field for field in WorkshopFeedback._meta.get_fields() if field.concrete}
    assert set(fields) == {"id", "workshop", "role", "useful", "next_steps", "peers_heard", "recommend", "comment",
                           "created_on"}
    assert [field.related_model for field in fields.values() if field.is_relation] == [Workshop]
    assert type(fields["created_on"]) is models.DateField
    invitation_fields = {field.name for field in FeedbackInvitation._meta.get_fields()}
    assert not any(field.is_relation and field.related_model is WorkshopFeedback
                   for field in FeedbackInvitation._meta.get_fields())
    assert invitation_fields == {"id", "workshop", "attendee", "token_hash", "sent_at", "used"}


@pytest.mark.parametrize("change", [lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
                                    lambda token: token[:20], lambda token: "x" * 2000,
                                    lambda token: "%27%20OR%201%3D1"])
def test_an_altered_or_unknown_link_is_a_calm_404(client, link, change):
    token = LINK.search(link).group(1)
    altered = f"/forloeb/evaluering/{change(token)}/"
    with time_machine.travel(NEXT_DAY, tick=False):
        for response in (client.get(altered), client.post(altered, ANSWERS)):
            assert response.status_code == 404 and 'data-testid="refusal-unknown"' in response.content.decode()
    assert not WorkshopFeedback.objects.exists()


def test_an_expired_link_is_refused(client, link):
    with time_machine.travel(RECORDED + timedelta(days=30, seconds=1), tick=False):
        page = client.get(link)
        assert page.status_code == 410 and 'data-testid="refusal-expired"' in page.content.decode()
        assert client.post(link, ANSWERS).status_code == 410
    assert not WorkshopFeedback.objects.exists()
    with time_machine.travel(RECORDED + timedelta(days=29, hours=23), tick=False):
        assert client.post(link, ANSWERS).status_code == 302  # the day before, it works


def test_two_submissions_at_once_store_one_answer(link):
    """Two tabs, or a double click: both opened the invitation before either was stored."""
    token = LINK.search(link).group(1)
    with time_machine.travel(NEXT_DAY, tick=False):
        first, _refusal = feedback.open_invitation(token)
        second, _refusal = feedback.open_invitation(token)
        form = feedback.FeedbackForm(ANSWERS)
        assert form.is_valid()
        assert feedback.answer(first, form.cleaned_data) is True
        assert feedback.answer(second, form.cleaned_data) is False
    assert WorkshopFeedback.objects.count() == 1


def test_bad_input_is_kept_with_danish_messages(client, link):
    with time_machine.travel(NEXT_DAY, tick=False):
        response = client.post(link, {**ANSWERS, "useful": "9", "next_steps": "", "comment": "Lang " * 201})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="error-summary"' in html
    assert 'href="#id_useful"' in html and 'href="#id_next_steps"' in html and 'href="#id_comment"' in html
    assert "Marker en gyldig valgmulighed" in html and "Dette felt er påkrævet" in html
    assert "Denne værdi må højst have 1000 tegn (den har 1004)" in html
    assert "Lang Lang Lang" in html  # the comment as typed
    assert 'value="3" required id="id_peers_heard_2" checked' in html  # a chosen radio stays chosen
    assert not WorkshopFeedback.objects.exists() and not FeedbackInvitation.objects.filter(used=True).exists()


@override_settings(PUBLIC_FORM_ATTEMPT_LIMIT=2)
def test_attempts_are_limited_per_address_with_the_input_kept(client, link):
    lone = links()["lone@aarhus.example.dk"]
    with time_machine.travel(NEXT_DAY, tick=False):
        for _attempt in range(2):
            assert client.post(link, {**ANSWERS, "useful": ""}).status_code == 200
        refused = client.post(lone, {**ANSWERS, "role": "manager", "comment": "Tredje forsøg"})
    html = refused.content.decode()
    assert refused.status_code == 200 and "mange gange på kort tid" in html and "Tredje forsøg</textarea>" in html
    assert not WorkshopFeedback.objects.exists() and not FeedbackInvitation.objects.filter(used=True).exists()


@override_settings(PUBLIC_FORM_RATE_LIMIT=1)
def test_colleagues_on_one_network_all_get_to_answer(client, link):
    """Accepted answers are not limited per address: each needs a link of its own, and the participants of a
    workshop often answer from the same municipal network."""
    lone = links()["lone@aarhus.example.dk"]
    with time_machine.travel(NEXT_DAY, tick=False):
        assert client.post(link, ANSWERS).status_code == 302
        assert client.post(lone, {**ANSWERS, "role": "manager"}).status_code == 302
    assert WorkshopFeedback.objects.count() == 2


def test_the_page_is_never_cached(client, link):
    with time_machine.travel(NEXT_DAY, tick=False):
        response = client.get(link)
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"


# -- results -------------------------------------------------------------------------------------------------------

def test_a_types_figures_and_comments_show_only_from_five_answers(workshop):
    with time_machine.travel(NEXT_DAY, tick=False):
        for useful, comment in [(5, "Øjenåbnende"), (4, ""), (2, "For lang"), (5, "Brug for mere tid")]:
            WorkshopFeedbackFactory(workshop=workshop, useful=useful, comment=comment)
    staff_type = next(result for result in feedback.results() if result.audience == "staff")
    assert (staff_type.n, staff_type.shown, staff_type.statements, staff_type.comments) == (4, False, [], [])
    assert staff_type.statement("useful") is None

    WorkshopFeedbackFactory(workshop=workshop, useful=3, comment="Aarhus-kommentar")
    found = feedback.results()
    assert [result.audience for result in found] == ["management", "staff", "peers", "citizens", "mixed"]
    staff_type = found[1]
    useful = staff_type.statement("useful")
    assert staff_type.shown and staff_type.n == MINIMUM_GROUP
    assert (useful.figure.n, useful.figure.median, useful.agreeing) == (5, 4, 60)  # 2 3 4 5 5; three agree
    assert staff_type.comments == ["Aarhus-kommentar", "Brug for mere tid", "For lang", "Øjenåbnende"]
    assert [result.n for result in found if result.audience != "staff"] == [0, 0, 0, 0]


# -- personal data -------------------------------------------------------------------------------------------------

def test_erasing_a_participant_deletes_their_invitation_and_no_answer(client, link):
    with time_machine.travel(NEXT_DAY, tick=False):
        client.post(link, {**ANSWERS, "comment": "Spørg pia@aarhus.example.dk om mere."})
    [exported] = personal_data.export_person("Pia@Aarhus.example.dk")["Invitationer til workshopevalueringer"]
    workshop = FeedbackInvitation.objects.get(attendee__name="Pia Peer").workshop
    assert (exported["workshop"], exported["case"], exported["answered"]) == (
        str(workshop), str(workshop.course.registration), True)
    assert datetime.fromisoformat(exported["sent_at"]) == RECORDED

    preview = personal_data.preview("pia@aarhus.example.dk")
    assert {change.model for change in preview} >= {"workflows.FeedbackInvitation", "workflows.WorkshopAttendee",
                                                    "workflows.WorkshopFeedback"}
    feedback_change = next(change for change in preview if change.model == "workflows.WorkshopFeedback")
    assert feedback_change.case == "" and feedback_change.record.endswith(f"#{WorkshopFeedback.objects.get().pk}")

    personal_data.erase_person("pia@aarhus.example.dk")
    assert list(FeedbackInvitation.objects.values_list("attendee__name", flat=True)) == ["Lone Leder"]
    answer = WorkshopFeedback.objects.get()  # the answer stays, without the address it quoted
    assert answer.comment == f"Spørg {personal_data.ERASED} om mere." and answer.useful == 5


def test_invitations_are_deleted_30_days_after_their_link_expired(link):
    assert "workflows.delete_old_feedback_invitations" in scheduler.discover()
    with time_machine.travel(RECORDED + timedelta(days=59), tick=False):
        assert feedback.delete_old_invitations() == 0
    with time_machine.travel(RECORDED + timedelta(days=60, hours=2), tick=False):  # summer time began meanwhile
        assert feedback.delete_old_invitations() == 2
    assert not FeedbackInvitation.objects.exists()


def test_every_field_is_registered_as_personal_data_or_not():
    mine = ("workflows.FeedbackInvitation.", "workflows.WorkshopFeedback.")
    assert not [name for name in personal_data.uncovered_fields() if name.startswith(mine)]
