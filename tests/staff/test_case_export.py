"""Issue 18: the case list's export carries the contact person's name, email and phone for those who may take contact
data out of the platform (coordinators; `permissions.may_export`), formula-safe as every export (core.exports)."""

import csv
import io

import pytest

from workflows.models import Registration

pytestmark = pytest.mark.django_db


def exported(client, user):
    client.force_login(user)
    response = client.get("/admin/sager/", {"export": "csv"})
    text = (b"".join(response.streaming_content) if response.streaming else response.content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_coordinators_export_the_contact_columns_and_advisers_do_not(client, two_cases):
    Registration.objects.filter(pk=two_cases.aarhus.pk).update(
        contact_name="=HYPERLINK(\"http://evil.example\")", contact_email="peer@aarhus.kommune.example.dk",
        contact_phone="+45 12 34 56 78")
    rows = {row["Kommune"]: row for row in exported(client, two_cases.coordinator)}
    aarhus = rows["Aarhus"]
    assert aarhus["Kontaktperson"] == "'=HYPERLINK(\"http://evil.example\")"  # never a formula
    assert aarhus["Kontaktpersonens e-mail"] == "peer@aarhus.kommune.example.dk"
    assert aarhus["Kontaktpersonens telefon"] == "'+45 12 34 56 78"

    adviser_rows = exported(client, two_cases.adviser)
    assert adviser_rows and "Kontaktperson" not in adviser_rows[0] and "Kontaktpersonens e-mail" not in adviser_rows[0]
