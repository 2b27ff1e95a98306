"""The coordinators' dashboard: seats per cohort and the waiting list, municipalities per phase, overdue tasks per
adviser and registrations by region, as HTML bars without scripts or inline styles; the same as CSV and XLSX."""

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from openpyxl import load_workbook

from tests.course_support import AUTUMN, accepted_registration, staff
from workflows import journey
from workflows.factories import RegistrationFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme_in_autumn():
    anne, _bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        aarhus = accepted_registration(adviser=anne)
        programme = aarhus.programme
        programme.capacity = 2
        programme.save()
        accepted_registration("odense", adviser=anne, cohort=aarhus.cohort)
        waiting = journey.submit(RegistrationFactory.build(cohort=aarhus.cohort, programme=programme,
                                                           municipality=municipality("roskilde")))
        journey.decide(waiting, "waiting_list")
    return carla


def test_dashboard_shows_seats_phases_overdue_tasks_and_regions(client, programme_in_autumn):
    client.force_login(programme_in_autumn)
    with time_machine.travel(AUTUMN + timedelta(days=10), tick=False):
        html = client.get("/sagsbehandling/overblik/").content.decode()
    assert "<td>Januar 2027</td><td>2</td><td>0</td><td>1</td>" in html  # taken, left, waiting
    assert "Kommuner pr. fase" in html and "Tilmeldinger pr. region" in html
    assert '<th scope="row">Region Midtjylland</th><td><span class="bar bar--w100" aria-hidden="true"></span> 1' in html
    assert '<th scope="row">Ikke tildelt</th><td><span class="bar bar--w100" aria-hidden="true"></span> 3' in html
    assert "style=" not in html and "<script" not in html


def test_exports_hold_the_same_figures(client, programme_in_autumn):
    client.force_login(programme_in_autumn)
    with time_machine.travel(AUTUMN + timedelta(days=10), tick=False):
        csv_response = client.get("/sagsbehandling/overblik/eksport.csv")
        xlsx_response = client.get("/sagsbehandling/overblik/eksport.xlsx")
        assert client.get("/sagsbehandling/overblik/eksport.pdf").status_code == 404
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Hold", "Optagne pladser", "Ledige pladser", "Venteliste"]
    assert rows[1] == ["Januar 2027", "2", "0", "1"]
    assert ["Optaget", "2"] in rows and ["På ventelisten", "1"] in rows
    assert ["Region Midtjylland", "1"] in rows and rows[-1] == ["Ikke tildelt", "3"]  # two lead advisers, one screening
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    assert [cell.value for cell in sheet[2]] == ["Januar 2027", 2, 0, 1]
    assert xlsx_response["Content-Disposition"].endswith('.xlsx"')
