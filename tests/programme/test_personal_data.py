"""Access and erasure requests reach the programme's data: meeting sign-ups and the people a registration names."""

import pytest

from core.personal_data import ERASED_EMAIL, erase_person, export_person
from devtools.factories.workflows import CohortFactory, MeetingSignupFactory, RegistrationFactory, municipality
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
