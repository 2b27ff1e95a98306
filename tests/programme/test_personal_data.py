"""Access and erasure requests reach the programme's data: meeting sign-ups and the people a registration names."""

import pytest
import time_machine
from viewflow.workflow.models import Task

from core.personal_data import ERASED_EMAIL, erase_person, export_person, preview
from devtools.factories.workflows import CohortFactory, MeetingSignupFactory, RegistrationFactory, municipality
from tests.support.course import AUTUMN, accepted_registration, staff
from workflows.models import MeetingSignup, Registration

pytestmark = pytest.mark.django_db

SIGNUPS = "Tilmeldinger til informationsmøder"
CONTACTS = "Kontaktpersoner og ledere i tilmeldinger til rådgivningsforløb"


def test_export_and_erase_find_the_person_in_sign_ups_and_registrations():
    MeetingSignupFactory(email="Anna@Kommune.dk", name="Anna Holm")
    MeetingSignupFactory(email="other@kommune.dk")
    registration = RegistrationFactory(cohort=CohortFactory(), contact_name="Anna Holm",
                                       contact_email="anna@kommune.dk", manager_email="chef@kommune.dk")
    other = RegistrationFactory(cohort=registration.cohort, programme=registration.programme,
                                municipality=municipality("odense"), manager_name="Anna Holm",
                                manager_email="ANNA@kommune.dk")

    data = export_person("anna@kommune.dk")
    assert [s["name"] for s in data[SIGNUPS]] == ["Anna Holm"]
    assert sorted(c["role"] for c in data[CONTACTS]) == ["contact_name", "manager_name"]

    counts = erase_person("anna@kommune.dk")
    assert (counts[SIGNUPS], counts[CONTACTS]) == (1, 2)
    assert not MeetingSignup.objects.filter(email__iexact="anna@kommune.dk").exists()
    assert MeetingSignup.objects.count() == 1
    registration.refresh_from_db()
    other.refresh_from_db()
    assert (registration.contact_name, registration.contact_email, registration.contact_phone) == (
        "[slettet]", ERASED_EMAIL, "")
    assert registration.manager_email == "chef@kommune.dk"  # other people in the case stay
    assert (other.manager_name, other.manager_email) == ("[slettet]", ERASED_EMAIL)
    assert Registration.objects.count() == 2  # the municipality's case is kept
    assert export_person("anna@kommune.dk")[CONTACTS] == []


def test_erasing_the_contact_person_of_a_running_case_ends_it_and_its_tasks():
    """Nobody is left to reach and the status link was theirs: the case ends, its seat and tasks with it. A case
    that only names the person as manager goes on."""
    anne, _bo, _carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        running = accepted_registration(adviser=anne)
        other = accepted_registration("odense", adviser=anne, cohort=running.cohort)
        Registration.objects.filter(pk=other.pk).update(manager_email=running.contact_email)
        erase_person(running.contact_email)
    running.refresh_from_db()
    other.refresh_from_db()
    assert (running.status, running.seat) == ("withdrawn", "none")
    assert not Task.objects.filter(process__registrationprocess__registration=running, finished__isnull=True).exists()
    assert (other.status, other.seat, other.manager_email) == ("accepted", "seated", ERASED_EMAIL)
    assert Task.objects.filter(process__registrationprocess__registration=other, finished__isnull=True).exists()


def test_erasing_the_contact_person_of_a_completed_case_keeps_it_completed():
    """Only a running case ends: a completed one keeps its outcome, with the person erased from it."""
    anne, _bo, _carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        done = accepted_registration(adviser=anne)
    Registration.objects.filter(pk=done.pk).update(status=Registration.Status.COMPLETED)
    [change] = [c for c in preview(done.contact_email) if c.source == CONTACTS]
    assert set(change.fields) == {"contact_name", "contact_email", "contact_phone"} and not change.note
    erase_person(done.contact_email)
    done.refresh_from_db()
    assert (done.status, done.contact_email) == ("completed", ERASED_EMAIL)
