"""Erasure you can trust: it finds the person by their address and by the records that carry it, counts their name
only in those records' cases, changes exactly what the coordinator was shown, and leaves a namesake alone.

Birgitte Hansen (birgitte@aeroe.dk) is the contact person of Ærø's case (A), the manager in Svendborg's (B), and
quoted by address and by name in notes on Nyborg's case (C). Another Birgitte Hansen is the contact person
of Langeland's case (D), which has nothing to do with her."""

import json

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth.models import Permission

from core.models import OutboxMessage, PersonalDataRequest
from core.personal_data import (
    ERASED,
    ERASED_EMAIL,
    StalePreview,
    digest,
    erase_person,
    find,
    other_cases,
    preview,
    sources,
)
from devtools.factories.core import UserFactory
from devtools.factories.workflows import CohortFactory, MeetingSignupFactory, RegistrationFactory, municipality
from tests.support.course import AUTUMN, accepted_registration, staff
from workflows.models import CaseNote, Enrolment, MeetingSignup, Registration
from workflows.registration import services

pytestmark = pytest.mark.django_db

EMAIL = "birgitte@aeroe.dk"
NAME = "Birgitte Hansen"
PHONE = "62 52 10 00"
NAMESAKE = "birgitte.hansen@langeland.dk"

OUTBOX = "E-mails sendt fra platformen"
SIGNUPS = "Tilmeldinger til informationsmøder"
CONTACTS = "Kontaktpersoner og ledere i tilmeldinger til rådgivningsforløb"
FREE_TEXT = "Tilmeldingers fritekstsvar og begrundelser"
NOTES = "Interne noter på sager"


def case(code, **people):
    cohort = CohortFactory(label="Januar 2027")
    return services.submit(RegistrationFactory.build(cohort=cohort, programme=cohort.programme,
                                                     municipality=municipality(code), **people))


@pytest.fixture
def world():
    a = case("aeroe", contact_name=NAME, contact_email=EMAIL, contact_phone=PHONE,
             second_contact_name="Søren Øster", second_contact_email="soeren@aeroe.dk")
    b = case("svendborg", contact_name="Jens Mikkelsen", contact_email="jens@svendborg.dk",
             manager_name=NAME, manager_email=EMAIL, manager_title="Direktør",
             motivation=f"Vores direktør {NAME} står bag.")
    c = case("nyborg", contact_name="Lise Holm", contact_email="lise@nyborg.dk")
    quoted = CaseNote.objects.create(registration=c, text=f"Ringede til {NAME} ({EMAIL}) om samarbejdet.")
    named = CaseNote.objects.create(registration=c, text=f"{NAME} deltager i workshoppen. Lise er tovholder.")
    d = case("langeland", contact_name=NAME, contact_email=NAMESAKE,
             motivation=f"{NAME} er vores tovholder, tlf. {PHONE}.")
    d_note = CaseNote.objects.create(registration=d, text=f"{NAME} ringede om holdstart.")
    to_second = OutboxMessage.objects.create(
        recipient="soeren@aeroe.dk", template="course_kickoff", subject=f"Opstart med {NAME}",
        body_text=f"Kære Søren Øster\n\n{NAME} ({EMAIL}, tlf. {PHONE}) og du er inviteret.",
        body_html=f"<p>Kære Søren Øster</p><p>{NAME} og du er inviteret.</p>")
    to_c = OutboxMessage.objects.create(recipient="lise@nyborg.dk", template="course_kickoff", subject="Opstart",
                                        body_text=f"Kære Lise Holm\n\n{NAME} kommer også.")
    signup = MeetingSignupFactory(name=NAME, email=EMAIL, municipality=municipality("aeroe"))
    MeetingSignupFactory(name=NAME, email=NAMESAKE, municipality=municipality("langeland"))
    to_d = OutboxMessage.objects.create(recipient=d.manager_email, template="course_kickoff", subject="Opstart",
                                        body_text=f"Kære leder\n\n{NAME} er jeres kontaktperson.")
    return {"a": a, "b": b, "c": c, "d": d, "signup": signup, "quoted": quoted, "named": named, "d_note": d_note,
            "to_second": to_second, "to_c": to_c, "to_d": to_d}


def snapshot():
    """Every row of every model that holds personal data: {(model, pk): {field: value}}."""
    models = {label.rsplit(".", 1)[0] for source in sources() for label in source.covers}
    return {(label, row["id"]): row for label in models for row in apps.get_model(label)._default_manager.values()}


def differences(before, after):
    """{(model, pk): changed fields} (None for a deleted row); the automatic timestamp aside."""
    found = {}
    for key, row in before.items():
        if key not in after:
            found[key] = None
        else:
            changed = {name for name, value in row.items() if after[key][name] != value} - {"updated_at"}
            if changed:
                found[key] = changed
    return found


def test_erasure_is_exact_and_leaves_the_namesake_alone(world):
    a, b, c, d = world["a"], world["b"], world["c"], world["d"]
    d_before = Registration.objects.filter(pk=d.pk).values().get()
    d_mail_before = list(OutboxMessage.objects.filter(recipient__in=[NAMESAKE, d.manager_email]).values())

    person = find(EMAIL)
    assert person.names == {NAME} and person.phones == {PHONE}
    assert person.cases == {str(a.pk), str(b.pk), str(c.pk)}  # D is the namesake's
    assert other_cases(person) == {str(d.pk): str(d)}  # offered, not taken

    changes = preview(person)
    listed = {(ch.source, ch.model, ch.pk, ch.case, ch.action, frozenset(ch.fields)) for ch in changes}
    receipt, copy = OutboxMessage.objects.filter(recipient=EMAIL).order_by("pk")  # Ærø's receipt, Svendborg's copy
    a_copy = OutboxMessage.objects.get(recipient=a.manager_email)  # the manager's copy of her answers
    b_receipt = OutboxMessage.objects.get(recipient="jens@svendborg.dk")  # names her as the manager
    assert listed == {
        (OUTBOX, "core.OutboxMessage", receipt.pk, "", "anonymise",  # to her: which case is not recorded
         frozenset({"recipient", "subject", "body_text", "body_html"})),
        (OUTBOX, "core.OutboxMessage", copy.pk, "", "anonymise",
         frozenset({"recipient", "subject", "body_text", "body_html"})),
        (OUTBOX, "core.OutboxMessage", a_copy.pk, str(a), "redact", frozenset({"body_text", "body_html"})),
        (OUTBOX, "core.OutboxMessage", b_receipt.pk, str(b), "redact", frozenset({"body_text", "body_html"})),
        (OUTBOX, "core.OutboxMessage", world["to_second"].pk, str(a), "redact",
         frozenset({"subject", "body_text", "body_html"})),
        (OUTBOX, "core.OutboxMessage", world["to_c"].pk, str(c), "redact", frozenset({"body_text"})),
        (CONTACTS, "workflows.Registration", a.pk, str(a), "anonymise",
         frozenset({"contact_name", "contact_email", "contact_phone", "status", "seat", "decision_reason"})),
        (CONTACTS, "workflows.Registration", b.pk, str(b), "anonymise",
         frozenset({"manager_name", "manager_email", "manager_title"})),
        (FREE_TEXT, "workflows.Registration", b.pk, str(b), "redact", frozenset({"motivation"})),
        (NOTES, "workflows.CaseNote", world["quoted"].pk, str(c), "redact", frozenset({"text"})),
        (NOTES, "workflows.CaseNote", world["named"].pk, str(c), "redact", frozenset({"text"})),
        (SIGNUPS, "workflows.MeetingSignup", world["signup"].pk, "", "delete", frozenset()),
    }
    by_record = {ch.record for ch in changes}
    assert "Tilmelding: Ærø – Januar 2027" in by_record or "Registration: Ærø – Januar 2027" in by_record
    assert not any(NAME in ch.record or "birgitte" in ch.record.lower() for ch in changes)  # no personal data
    running = next(ch for ch in changes if ch.pk == a.pk and ch.source == CONTACTS)
    assert running.note  # the coordinator is told that the running case ends

    before = snapshot()
    counts = erase_person(person, expected_digest=digest(person, changes))
    after = snapshot()

    # Exactly what the preview listed changed, and nothing else.
    planned = {}
    for ch in changes:
        if ch.action == "delete":
            planned[(ch.model, ch.pk)] = None
        else:
            planned.setdefault((ch.model, ch.pk), set()).update(ch.fields)
    assert differences(before, after) == planned
    assert counts[OUTBOX] == 6 and counts[CONTACTS] == 2 and counts[NOTES] == 2

    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.contact_name, a.contact_email, a.contact_phone, a.status) == (ERASED, ERASED_EMAIL, "", "withdrawn")
    assert (a.second_contact_name, a.second_contact_email) == ("Søren Øster", "soeren@aeroe.dk")
    assert (b.manager_name, b.manager_email, b.manager_title) == (ERASED, ERASED_EMAIL, "")
    assert (b.contact_name, b.status) == ("Jens Mikkelsen", "submitted")  # B goes on
    assert b.motivation == f"Vores direktør {ERASED} står bag."
    world["quoted"].refresh_from_db()
    world["named"].refresh_from_db()
    assert world["quoted"].text == f"Ringede til {ERASED} ({ERASED}) om samarbejdet."
    assert world["named"].text == f"{ERASED} deltager i workshoppen. Lise er tovholder."

    # Only the mention is gone from the Ærø second contact's email; it is still theirs.
    to_second = OutboxMessage.objects.get(pk=world["to_second"].pk)
    assert to_second.recipient == "soeren@aeroe.dk"
    assert to_second.body_text == f"Kære Søren Øster\n\n{ERASED} ({ERASED}, tlf. {ERASED}) og du er inviteret."
    assert to_second.subject == f"Opstart med {ERASED}"

    # The namesake's case, its note and its emails are as they were.
    assert Registration.objects.filter(pk=d.pk).values().get() == d_before
    assert CaseNote.objects.get(pk=world["d_note"].pk).text == f"{NAME} ringede om holdstart."
    assert list(OutboxMessage.objects.filter(recipient__in=[NAMESAKE, d.manager_email]).values()) == d_mail_before
    assert MeetingSignup.objects.get().email == NAMESAKE
    assert preview(find(EMAIL)) == []  # nothing left


def test_a_case_the_coordinator_adds_counts_the_names_there(world):
    d = world["d"]
    person = find(EMAIL, cases=[str(d.pk)])
    assert person.chosen == {str(d.pk)} and str(d.pk) in person.cases
    assert other_cases(person) == {str(d.pk): str(d)}  # still listed, now ticked
    listed = {(ch.model, ch.pk) for ch in preview(person)}
    assert ("workflows.CaseNote", world["d_note"].pk) in listed
    assert ("workflows.Registration", d.pk) in listed  # the motivation's mention, not the contact person
    erase_person(person)
    d.refresh_from_db()
    assert (d.contact_name, d.contact_email) == (NAME, NAMESAKE)  # her own record is not touched
    assert d.motivation == f"{ERASED} er vores tovholder, tlf. {ERASED}."


def test_a_stale_preview_erases_nothing(world):
    person = find(EMAIL)
    seen = digest(person, preview(person))
    CaseNote.objects.create(registration=world["c"], text=f"Nyt: {NAME} har skiftet job.")
    with pytest.raises(StalePreview):
        erase_person(find(EMAIL), expected_digest=seen)
    world["a"].refresh_from_db()
    assert world["a"].contact_email == EMAIL


@pytest.fixture
def coordinator():
    user = UserFactory(username="koordinator", groups=["Coordinators"])
    user.user_permissions.add(Permission.objects.get(codename="manage_personal_data"))
    return user


def test_the_coordinator_sees_the_list_before_erasing_and_a_changed_list_is_refused(client, coordinator, world):
    client.force_login(coordinator)
    url = "/admin/persondata/"
    response = client.post(url, {"email": EMAIL, "action": "erase", "confirm": "on"})
    assert response.status_code == 200 and response.context["digest"]  # the list is shown first
    assert Registration.objects.get(pk=world["a"].pk).contact_email == EMAIL  # and nothing erased without it

    response = client.post(url, {"email": EMAIL, "action": "preview"})
    page = response.content.decode()
    assert response.status_code == 200
    assert str(world["a"]) in page and str(world["c"]) in page
    assert 'name="digest"' in page and 'value="erase"' in page
    assert f'name="cases" value="{world["d"].pk}"' in page  # the namesake's case is offered, unticked
    assert f'value="{world["d"].pk}" checked' not in page
    listing = page[page.index('class="listing"'):page.index('name="digest"')]
    assert EMAIL not in listing and NAME not in listing and PHONE not in page  # it names records, not the data
    seen = response.context["digest"]

    CaseNote.objects.create(registration=world["c"], text=f"Nyt: {NAME} har skiftet job.")
    response = client.post(url, {"email": EMAIL, "action": "erase", "confirm": "on", "digest": seen})
    assert response.status_code == 200
    assert Registration.objects.get(pk=world["a"].pk).contact_email == EMAIL  # refused
    assert response.context["form"].non_field_errors()  # with a message saying why
    assert response.context["digest"] != seen  # and a fresh list is shown
    assert 'name="confirm" checked' not in response.content.decode()  # to be confirmed again

    response = client.post(url, {"email": EMAIL, "action": "erase", "digest": response.context["digest"]})
    assert response.status_code == 200  # not without the confirmation
    response = client.post(url, {"email": EMAIL, "action": "erase", "confirm": "on",
                                 "digest": response.context["digest"]})
    assert response.status_code == 302
    assert Registration.objects.get(pk=world["a"].pk).contact_email == ERASED_EMAIL

    audits = list(PersonalDataRequest.objects.order_by("performed_at", "pk").values_list("action", flat=True))
    assert audits == ["preview"] * 4 + ["erase"]
    erased = PersonalDataRequest.objects.get(action="erase")
    assert erased.performed_by == coordinator and erased.result[NOTES] == 3
    text = json.dumps(list(PersonalDataRequest.objects.values("result")), ensure_ascii=False).lower()
    assert "birgitte" not in text and "hansen" not in text and "52 10" not in text  # kinds and counts only
    page = client.get(url).content.decode()
    assert "Sletning" in page or "Erasure" in page


def test_mail_to_others_counts_the_name_only_where_it_is_about_her(world):
    quoting = OutboxMessage.objects.create(recipient="anne@styrelsen.example.dk", template="task_assigned",
                                           subject="Opgave", body_text=f"{NAME} ({EMAIL}) har ringet.")
    naming = OutboxMessage.objects.create(recipient="anne@styrelsen.example.dk", template="task_assigned",
                                          subject="Opgave", body_text=f"{NAME} fra Langeland har ringet.")
    listed = {ch.pk: ch for ch in preview(find(EMAIL)) if ch.model == "core.OutboxMessage"}
    assert listed[quoting.pk].fields == ("body_text",) and naming.pk not in listed
    erase_person(EMAIL)
    assert OutboxMessage.objects.get(pk=quoting.pk).body_text == f"{ERASED} ({ERASED}) har ringet."
    assert OutboxMessage.objects.get(pk=naming.pk).body_text == f"{NAME} fra Langeland har ringet."


def test_a_namesake_participant_in_another_course_is_left_alone():
    """Participants are written down by name only: a name counts in the courses of her cases, not in others."""
    anne, _bo, _carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        hers = accepted_registration("aeroe", adviser=anne)
        other = accepted_registration("langeland", adviser=anne, cohort=hers.cohort)
    Registration.objects.filter(pk=hers.pk).update(second_contact_name=NAME, second_contact_email=EMAIL)
    module = hers.programme.modules.first()
    own = Enrolment.objects.create(course=hers.course, module=module, participant=NAME)
    namesake = Enrolment.objects.create(course=other.course, module=module, participant=NAME)

    person = find(EMAIL)
    assert other_cases(person) == {str(other.pk): str(other)}
    assert {(ch.model, ch.pk, ch.case) for ch in preview(person) if ch.model == "workflows.Enrolment"} == {
        ("workflows.Enrolment", own.pk, str(hers))}
    erase_person(person)
    own.refresh_from_db()
    namesake.refresh_from_db()
    assert (own.participant, namesake.participant) == (ERASED, NAME)
