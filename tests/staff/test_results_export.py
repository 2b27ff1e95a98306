"""The results for the ministry (`/admin/overblik/resultater/eksport.zip|xlsx`): coordinators only; a data package
that the Frictionless library finds valid, whose schema names the CSV's columns; nothing about fewer than five
municipalities, not even through a filter that narrows a group; formula-looking text neutralised; bad formats and
filters never an error."""

import csv
import io
import json
import zipfile
from datetime import date

import frictionless
import pytest
import time_machine
from openpyxl import load_workbook

from devtools.factories.core import UserFactory
from devtools.factories.workflows import (
    CasePersonFactory,
    CohortFactory,
    ProgrammeFactory,
    RegistrationFactory,
    SelfAssessmentFactory,
    local,
)
from tests.support.course import staff
from workflows.outcomes.models import Indicator, SelfAssessment
from workflows.permissions import Role
from workflows.programme.models import Municipality, Region

pytestmark = pytest.mark.django_db

TODAY = local(date(2026, 12, 7), 10)
ZIP = "/admin/overblik/resultater/eksport.zip"
XLSX = "/admin/overblik/resultater/eksport.xlsx"


def answered(cohort, municipalities, baseline=2, final=4):
    """Each municipality registered in `cohort` and answered every indicator at the start and at the end."""
    for n, municipality in enumerate(municipalities):
        registration = RegistrationFactory(cohort=cohort, municipality=municipality)
        SelfAssessmentFactory(registration=registration, answers={"peer_roles": baseline + n % 2})
        SelfAssessmentFactory(registration=registration, kind=SelfAssessment.Kind.FINAL,
                              answers={"peer_roles": final + n % 2})


def cohort(programme, label, starts_on):
    return CohortFactory(programme=programme, label=label, starts_on=starts_on,
                         registration_opens=local(date(2024, 6, 1)), registration_closes=local(date(2024, 10, 1), 12))


@pytest.fixture
def world():
    """Cohort "Hold A": five municipalities, three of them in North Jutland; cohort "Hold B": four."""
    _anne, _bo, carla = staff()
    programme = ProgrammeFactory()
    first, second = cohort(programme, "Hold A", date(2025, 1, 6)), cohort(programme, "Hold B", date(2025, 8, 4))
    north = list(Municipality.objects.filter(region=Region.NORDJYLLAND).order_by("pk")[:3])
    central = list(Municipality.objects.filter(region=Region.MIDTJYLLAND).order_by("pk")[:2])
    south = list(Municipality.objects.filter(region=Region.SYDDANMARK).order_by("pk")[:4])
    with time_machine.travel(TODAY, tick=False):
        answered(first, north + central)
        answered(second, south)
    return {"coordinator": carla, "first": first, "second": second}


def download(client, user, path=ZIP, **query):
    client.force_login(user)
    with time_machine.travel(TODAY, tick=False):
        return client.get(path, query)


def package(response):
    """{name: bytes} of the ZIP."""
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(package(response)["results.csv"].decode())))


@pytest.mark.parametrize("role", ["anonymous", "adviser", "partner", "editor", "municipality"])
@pytest.mark.parametrize("path", [ZIP, XLSX])
def test_only_coordinators_download(client, world, role, path):
    users = {"adviser": UserFactory(groups=[Role.ADVISER]), "partner": UserFactory(groups=[Role.PARTNER]),
             "editor": UserFactory(groups=[Role.EDITOR]),
             "municipality": CasePersonFactory(registration=world["first"].registrations.first()).user}
    if role != "anonymous":
        client.force_login(users[role])
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == "/admin/" or response["Location"].startswith("/admin/login/")


def test_the_package_is_valid_and_its_schema_names_the_columns(client, world, tmp_path):
    response = download(client, world["coordinator"])
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="resultater-2026-12-07.zip"'
    files = package(response)
    assert set(files) == {"results.csv", "datapackage.json"}
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads(files["datapackage.json"])
    fields = descriptor["resources"][0]["schema"]["fields"]
    header = next(csv.reader(io.StringIO(files["results.csv"].decode())))
    assert header == [field["name"] for field in fields]
    assert all(field["title"] and field["description"] for field in fields)
    assert descriptor["created"].startswith("2026-12-07T10:00:00")


def test_a_cohort_of_four_exports_nothing_and_a_cohort_of_five_its_figures(client, world):
    rows = csv_rows(download(client, world["coordinator"]))
    assert {row["cohort"] for row in rows} == {"Hold A"}  # Hold B has four municipalities
    roles = {(row["measure"], row["point"]): row for row in rows if row["indicator"] == "peer_roles"}
    # Baseline answers 2, 3, 2, 3, 2 and final 4, 5, 4, 5, 4: no midway assessment, so no midway row at all.
    assert set(roles) == {("value", "baseline"), ("value", "final"), ("change", "final")}
    baseline, change = roles["value", "baseline"], roles["change", "final"]
    assert baseline == {**baseline, "cohort_start": "2025-01-06", "n": "5", "kind": "scale", "version": "1"}
    assert [float(baseline[name]) for name in ("median", "lower_quartile", "upper_quartile")] == [2, 2, 3]
    assert (change["n"], float(change["median"])) == ("5", 2)
    assert all(int(row["n"]) >= 5 for row in rows)


def test_a_fifth_municipality_brings_the_cohort_in(client, world):
    with time_machine.travel(TODAY, tick=False):
        answered(world["second"], Municipality.objects.filter(region=Region.SJAELLAND).order_by("pk")[:1])
    assert {row["cohort"] for row in csv_rows(download(client, world["coordinator"]))} == {"Hold A", "Hold B"}


def test_a_region_filter_that_narrows_a_group_below_five_exports_nothing_of_it(client, world):
    coordinator = world["coordinator"]
    assert csv_rows(download(client, coordinator, region=Region.NORDJYLLAND)) == []  # 3 of Hold A's 5
    sheet = load_workbook(io.BytesIO(download(client, coordinator, XLSX, region=Region.NORDJYLLAND).content)).active
    assert sheet.max_row == 1  # the header only
    descriptor = json.loads(package(download(client, coordinator, region=Region.NORDJYLLAND))["datapackage.json"])
    assert str(Region.NORDJYLLAND.label) in descriptor["description"]


def test_a_cohort_filter_exports_that_cohort_only(client, world):
    with time_machine.travel(TODAY, tick=False):
        answered(world["second"], Municipality.objects.filter(region=Region.SJAELLAND).order_by("pk")[:1])
    rows = csv_rows(download(client, world["coordinator"], cohort=world["second"].pk))
    assert rows and {row["cohort"] for row in rows} == {"Hold B"}


@pytest.mark.parametrize("query", [{"cohort": "abc"}, {"cohort": "999999"}, {"cohort": "1 OR 1=1"},
                                   {"cohort": "-1"}, {"region": "atlantis"}, {"region": ""}])
def test_bad_filters_are_ignored(client, world, query):
    everything = csv_rows(download(client, world["coordinator"]))
    response = download(client, world["coordinator"], **query)
    assert response.status_code == 200 and csv_rows(response) == everything
    assert download(client, world["coordinator"], XLSX, **query).status_code == 200


@pytest.mark.parametrize("fmt", ["csv", "pdf", "json", "ZIP", "zip.exe"])
def test_other_formats_are_not_found(client, world, fmt):
    assert download(client, world["coordinator"], f"/admin/overblik/resultater/eksport.{fmt}").status_code == 404


def test_a_formula_in_a_question_is_neutralised_in_both_files(client, world):
    Indicator.objects.create(key="formula", label='=HYPERLINK("http://evil.example","Klik")', kind="scale",
                             order=999)
    third = cohort(world["first"].programme, "Hold C", date(2026, 1, 5))
    with time_machine.travel(TODAY, tick=False):
        answered(third, Municipality.objects.filter(region=Region.SJAELLAND).order_by("pk")[:5])
    question = "'=HYPERLINK(\"http://evil.example\",\"Klik\")"
    rows = csv_rows(download(client, world["coordinator"]))
    assert {row["question"] for row in rows if row["indicator"] == "formula"} == {question}
    sheet = load_workbook(io.BytesIO(download(client, world["coordinator"], XLSX).content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if "HYPERLINK" in str(cell.value)]
    assert cells and all(cell.value == question and cell.data_type == "s" for cell in cells)


def test_the_spreadsheet_holds_the_same_rows_under_titles(client, world):
    response = download(client, world["coordinator"], XLSX)
    assert response["Content-Disposition"] == 'attachment; filename="resultater-2026-12-07.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    fields = json.loads(package(download(client, world["coordinator"]))["datapackage.json"])["resources"][0]
    assert list(rows[0]) == [field["title"] for field in fields["schema"]["fields"]]
    assert len(rows) - 1 == len(csv_rows(download(client, world["coordinator"])))
    assert all(row[2] == date(2025, 1, 6) or row[2].date() == date(2025, 1, 6) for row in rows[1:])


def test_no_names_of_municipalities_or_people(client, world):
    files = package(download(client, world["coordinator"]))
    text = b"".join(files.values()).decode()
    for registration in world["first"].registrations.select_related("municipality"):
        assert registration.municipality.name not in text and registration.contact_name not in text


def test_the_queries_do_not_grow_with_the_cohorts(client, world, django_assert_max_num_queries):
    client.force_login(world["coordinator"])
    with time_machine.travel(TODAY, tick=False):
        answered(world["second"], Municipality.objects.filter(region=Region.SJAELLAND).order_by("pk")[:1])
        with django_assert_max_num_queries(12):
            client.get(ZIP)
