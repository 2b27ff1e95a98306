"""Erasing one of a municipality's people: their person records and their account go, and with them their access;
the rest of the case stays."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from core import personal_data
from devtools.factories.workflows import CasePersonFactory
from workflows.municipality import personal_data as people_data
from workflows.municipality.models import CasePerson

from .conftest import plan_url

pytestmark = pytest.mark.django_db


def test_the_people_are_registered_with_the_apps_personal_data_and_every_field_is_covered():
    from workflows.personal_data import CasePeopleData  # registered where workflows registers its sources

    assert any(isinstance(source, CasePeopleData) for source in personal_data.sources())
    assert not [name for name in personal_data.uncovered_fields() if name.startswith("workflows.CasePerson.")]


def test_erasing_a_colleague_deletes_their_record_and_account_and_ends_their_access(case):
    colleague = CasePersonFactory(registration=case.aarhus, email="mette@aarhus.example.dk", name="Mette Kollega")
    other = CasePersonFactory(registration=case.aarhus, email="jens@aarhus.example.dk")
    session = Client()
    session.force_login(colleague.user)
    source = people_data.CasePeopleData()
    person = personal_data.Person(email="Mette@Aarhus.example.dk", names=frozenset({"Mette Kollega"}),
                                  cases=frozenset(source.cases("mette@aarhus.example.dk")))
    assert source.identify("mette@aarhus.example.dk") == ({"Mette Kollega"}, ())
    assert source.export(person)[0]["name"] == "Mette Kollega"
    assert "jens@aarhus.example.dk" in source.addresses(person)  # mail to the case's people may name her
    assert len(source.plan(person)) == 1

    source.erase(person)
    assert not CasePerson.objects.filter(pk=colleague.pk).exists()
    assert not get_user_model().objects.filter(pk=colleague.user_id).exists()
    assert CasePerson.objects.filter(pk=other.pk).exists()
    assert session.get(plan_url(case.aarhus)).status_code == 302  # signed out: the account is gone
