"""Who takes part, as data: the municipality's nominations (confirmed into enrolments, or declined with a reason),
its answer before a workshop, the forms that take them (an address once, nothing typed lost), and the person data
they hold (found by address, erased, gone with the case)."""

from datetime import date

import pytest

from core import personal_data
from devtools.factories.core import UserFactory
from devtools.factories.workflows import (
    CasePersonFactory,
    CompetenceModuleFactory,
    NominationFactory,
    ProgrammeFactory,
    RegistrationFactory,
    local,
)
from workflows.course import participation
from workflows.course.models import Enrolment, Nomination, ParticipantRole, Workshop, WorkshopAttendee
from workflows.course.participation_forms import (
    AttendeeFormSet,
    ConfirmNominationsForm,
    NominationFormSet,
    WorkshopResponseForm,
)
from workflows.course.services import open_course
from workflows.permissions import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    course = open_course(RegistrationFactory())
    CompetenceModuleFactory(programme=course.registration.programme, title="Grundmodul for peers", mandatory=True)
    CompetenceModuleFactory(programme=course.registration.programme, title="Samarbejde med peers", audience="staff")
    return course


@pytest.fixture
def partner():
    return UserFactory(username="kp", first_name="Kirsten", last_name="Partner", groups=[Role.PARTNER])


def modules(course):
    return list(course.registration.programme.modules.order_by("title"))


def person(name, email, role=ParticipantRole.PEER, chosen=()):
    return {"name": name, "email": email, "role": role, "modules": list(chosen)}


def rows(people, prefix="form"):
    """POST data of a list of people as the formset's rows."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(people)), f"{prefix}-INITIAL_FORMS": "0"}
    for index, row in enumerate(people):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


# -- nominations ---------------------------------------------------------------------------------------------------

def test_nominations_keep_the_address_in_lower_case_and_refuse_an_address_twice(course):
    by = CasePersonFactory(registration=course.registration)
    grund, samarbejde = modules(course)
    mette, jonas = participation.nominate(course, [
        person("Mette Peer", " Mette@Aarhus.example.dk", chosen=[grund]),
        person("Jonas Hansen", "jonas@aarhus.example.dk", ParticipantRole.STAFF, [grund, samarbejde])], by=by)
    assert (mette.email, mette.status, mette.nominated_by) == ("mette@aarhus.example.dk", "nominated", by)
    assert set(jonas.modules.all()) == {grund, samarbejde}

    with pytest.raises(participation.AlreadyNominated) as refused:
        participation.nominate(course, [person("Ny", "ny@aarhus.example.dk"), person("M", "METTE@aarhus.example.dk")])
    assert refused.value.emails == ["mette@aarhus.example.dk"]
    with pytest.raises(participation.AlreadyNominated):
        participation.nominate(course, [person("A", "a@aarhus.example.dk"), person("B", "A@aarhus.example.dk")])
    assert course.nominations.count() == 2  # all or none


def test_confirming_enrols_in_the_chosen_modules_and_declining_needs_a_reason(course, partner):
    grund, samarbejde = modules(course)
    mette = NominationFactory(course=course, name="Mette Peer", modules=[grund, samarbejde])
    jonas = NominationFactory(course=course, name="Jonas Hansen", modules=[grund])
    with pytest.raises(ValueError):
        participation.decline(jonas, "  ", partner)

    participation.decide([(mette, True, ""), (jonas, False, "Modulet er for peers; Jonas er leder.")], partner)
    mette.refresh_from_db(), jonas.refresh_from_db()
    assert (mette.status, mette.decided_by) == (Nomination.Status.CONFIRMED, partner)
    assert (jonas.status, jonas.decline_reason) == (Nomination.Status.DECLINED, "Modulet er for peers; Jonas er leder.")
    assert sorted(course.enrolments.values_list("participant", "module__title", "nomination")) == [
        ("Mette Peer", "Grundmodul for peers", mette.pk), ("Mette Peer", "Samarbejde med peers", mette.pk)]
    participation.confirm(mette, partner)  # again: nothing more
    assert course.enrolments.count() == 2
    assert [n.pk for n in participation.awaiting(course)] == []


def test_a_namesake_is_enrolled_with_the_address_to_tell_them_apart(course, partner):
    grund, _samarbejde = modules(course)
    Enrolment.objects.create(course=course, module=grund, participant="Mette Hansen")  # enrolled by hand
    nominee = NominationFactory(course=course, name="Mette Hansen", email="mette.h@aarhus.example.dk",
                                modules=[grund])
    participation.confirm(nominee, partner)
    assert nominee.enrolments.get().participant == "Mette Hansen (mette.h@aarhus.example.dk)"


def test_the_nomination_list_skips_blank_rows_and_marks_the_row_of_a_repeated_or_used_address(course):
    grund, samarbejde = modules(course)
    NominationFactory(course=course, email="brugt@aarhus.example.dk")
    data = rows([
        {"name": "  Mette   Peer ", "email": "METTE@aarhus.example.dk", "role": "peer", "modules": [grund.pk]},
        {"name": "", "email": "", "role": "", "modules": []},  # a blank row
        {"name": "Mette igen", "email": "mette@aarhus.example.dk", "role": "staff", "modules": [samarbejde.pk]},
        {"name": "Brugt", "email": "brugt@aarhus.example.dk", "role": "manager", "modules": [grund.pk]},
    ])
    formset = NominationFormSet(data, form_kwargs={"programme": course.registration.programme},
                                taken=participation.nominated_addresses(course))
    assert not formset.is_valid()
    assert [bool(form.errors) for form in formset.forms] == [False, False, True, True]
    assert "email" in formset.forms[2].errors and "email" in formset.forms[3].errors

    data = rows([{"name": "  Mette   Peer ", "email": "METTE@aarhus.example.dk", "role": "peer",
                  "modules": [grund.pk]}, {"name": "", "email": "", "role": "", "modules": []}])
    formset = NominationFormSet(data, form_kwargs={"programme": course.registration.programme})
    assert formset.is_valid()
    [mette] = formset.people()
    assert (mette["name"], mette["email"], mette["role"], list(mette["modules"])) == (
        "Mette Peer", "mette@aarhus.example.dk", "peer", [grund])


def test_the_nomination_list_refuses_nothing_filled_in_another_programmes_module_and_a_tampered_list(course):
    other = CompetenceModuleFactory(programme=ProgrammeFactory(slug="andet", name="Andet program"))
    programme = course.registration.programme
    empty = NominationFormSet(rows([{"name": "", "email": "", "role": "", "modules": []}]),
                              form_kwargs={"programme": programme})
    assert not empty.is_valid() and empty.non_form_errors()
    foreign = NominationFormSet(rows([{"name": "X Y", "email": "x@a.dk", "role": "peer", "modules": [other.pk]}]),
                                form_kwargs={"programme": programme})
    assert not foreign.is_valid() and "modules" in foreign.forms[0].errors
    assert not NominationFormSet({"form-TOTAL_FORMS": "x"}, form_kwargs={"programme": programme}).is_valid()
    huge = NominationFormSet({"form-TOTAL_FORMS": "100000", "form-INITIAL_FORMS": "0"},
                             form_kwargs={"programme": programme})
    assert not huge.is_valid() and len(huge.forms) <= 30


def test_the_partner_declines_only_with_a_reason(course):
    grund, _samarbejde = modules(course)
    mette = NominationFactory(course=course, name="Mette Peer", modules=[grund])
    form = ConfirmNominationsForm({f"decision_{mette.pk}": "decline", f"reason_{mette.pk}": " "},
                                  nominations=participation.awaiting(course))
    assert not form.is_valid() and f"reason_{mette.pk}" in form.errors
    form = ConfirmNominationsForm({f"decision_{mette.pk}": "confirm"}, nominations=participation.awaiting(course))
    assert form.is_valid() and form.decisions() == [(mette, True, "")]
    assert not ConfirmNominationsForm({}, nominations=[mette]).is_valid()  # every nomination is decided


# -- a workshop's answer -------------------------------------------------------------------------------------------

@pytest.fixture
def workshop(course):
    return Workshop.objects.create(course=course, audience="mixed", starts_at=local(date(2027, 2, 10), 9),
                                   place="Rådhuset")


def test_a_workshops_answer_names_the_people_counts_the_citizens_and_replaces_an_earlier_answer(workshop):
    assert participation.response_to(workshop) is None and workshop.answer is None
    participation.respond_to_workshop(workshop, [person("Lone Leder", "lone@a.dk", ParticipantRole.MANAGER)], 2, "")
    by = CasePersonFactory(registration=workshop.course.registration)
    response = participation.respond_to_workshop(workshop, [
        person("Lone Leder", "Lone@A.dk", ParticipantRole.MANAGER), person("Pia Peer", "pia@a.dk")],
        citizens=3, agenda_wishes=" Roller og ansvar ", by=by)
    assert participation.response_to(workshop) == response and WorkshopAttendee.objects.count() == 2
    assert (response.agenda_wishes, response.submitted_by) == ("Roller og ansvar", by)
    assert [count for _label, count in response.counts()] == [1, 0, 1, 3]  # managers, staff, peers, citizens


def test_the_workshop_form_limits_its_fields_and_may_bring_citizens_alone():
    form = WorkshopResponseForm({"citizens": "-1", "agenda_wishes": "x" * 2001})
    assert not form.is_valid() and {"citizens", "agenda_wishes"} <= set(form.errors)
    assert WorkshopResponseForm({"citizens": "4", "agenda_wishes": ""}).is_valid()
    assert AttendeeFormSet(rows([{"name": "", "email": "", "role": ""}])).is_valid()


# -- person data ---------------------------------------------------------------------------------------------------

def test_who_takes_part_is_registered_personal_data_and_every_field_is_covered():
    from workflows.course.personal_data import NominationData, WorkshopAttendeeData

    registered = {type(source) for source in personal_data.sources()}
    assert {NominationData, WorkshopAttendeeData} <= registered
    mine = ("workflows.Nomination.", "workflows.WorkshopResponse.", "workflows.WorkshopAttendee.")
    assert not [name for name in personal_data.uncovered_fields() if name.startswith(mine)]


def test_erasing_a_nominee_deletes_their_nomination_and_place_on_a_workshop_and_their_name_in_enrolments(
        course, workshop, partner):
    grund, _samarbejde = modules(course)
    mette = NominationFactory(course=course, name="Mette Peer", email="mette@aarhus.example.dk", modules=[grund])
    other = NominationFactory(course=course, name="Jonas Hansen", modules=[grund])
    participation.decide([(mette, True, ""), (other, True, "")], partner)
    participation.respond_to_workshop(workshop, [person("Mette Peer", "mette@aarhus.example.dk")], 0,
                                      "Mette Peer fortæller om sin recovery.")

    exported = personal_data.export_person("Mette@Aarhus.example.dk")
    assert exported["Indstillinger til kompetenceudviklingen"][0]["modules"] == ["Grundmodul for peers"]
    assert exported["Deltagere tilmeldt workshops"][0]["name"] == "Mette Peer"

    personal_data.erase_person("mette@aarhus.example.dk")
    assert list(course.nominations.values_list("name", flat=True)) == ["Jonas Hansen"]
    assert not WorkshopAttendee.objects.exists()
    assert sorted(course.enrolments.values_list("participant", flat=True)) == ["Jonas Hansen", personal_data.ERASED]
    assert participation.response_to(workshop).agenda_wishes == f"{personal_data.ERASED} fortæller om sin recovery."


def test_deleting_the_case_deletes_who_takes_part(course, workshop):
    NominationFactory(course=course, modules=modules(course))
    participation.respond_to_workshop(workshop, [person("Pia Peer", "pia@a.dk")], 1, "")
    course.registration.delete()
    assert not Nomination.objects.exists() and not WorkshopAttendee.objects.exists()
