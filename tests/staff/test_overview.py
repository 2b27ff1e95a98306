"""The coordinators' overview: seats per cohort and the waiting list, municipalities per phase, overdue tasks per
adviser and registrations by region, as bar charts drawn on the server (no script) whose bars are links to the lists
behind them, each with its figures as a table; the same as CSV and XLSX."""

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from openpyxl import load_workbook

from devtools.factories.workflows import RegistrationFactory, municipality
from tests.support.course import AUTUMN, accepted_registration, staff
from workflows.models import Cohort
from workflows.registration import services

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
        waiting = services.submit(RegistrationFactory.build(cohort=aarhus.cohort, programme=programme,
                                                           municipality=municipality("roskilde")))
        services.decide(waiting, "waiting_list")
    return carla


def test_dashboard_shows_seats_phases_overdue_tasks_and_regions(client, programme_in_autumn):
    client.force_login(programme_in_autumn)
    with time_machine.travel(AUTUMN + timedelta(days=10), tick=False):
        html = client.get("/admin/overblik/").content.decode()
    cohort = Cohort.objects.get(label="Januar 2027")
    # The programme's seats bind its cohorts together: its own line first, then each cohort's (this one has no cap of
    # its own, so its free seats are the programme's, said in words rather than as a second figure).
    programme = (f'<a href="/admin/sager/">{cohort.programme}, alle hold</a></td><td>2</td>'
                 "<td>af 2, 0 ledige, 1 på venteliste")
    seats = (f'<a href="/admin/sager/?cohort={cohort.pk}">Januar 2027</a></td><td>2</td>'
             "<td>intet eget loft, deler programmets ledige pladser; 1 på venteliste")
    assert programme in html and seats in html  # taken, left, waiting
    assert "Sager pr. fase" in html and "Tilmeldinger pr. region" in html
    assert '<a href="/admin/sager/?region=midtjylland">Region Midtjylland</a></td><td>1</td>' in html
    assert 'overdue=on">Ikke tildelt</a></td><td>3</td>' in html
    assert html.count('<figure class="w-mb-8" data-testid="chart-') == 6 and "Ingen møder i perioden." in html
    assert '<a href="/admin/sager/?status=accepted" class="w-block" data-testid="bar">' in html  # a bar is a link
    overview = html[html.index('id="main"'):]
    assert "<script" not in overview  # the charts are drawn on the server


def test_exports_hold_the_same_figures(client, programme_in_autumn):
    client.force_login(programme_in_autumn)
    with time_machine.travel(AUTUMN + timedelta(days=10), tick=False):
        csv_response = client.get("/admin/overblik/eksport.csv")
        xlsx_response = client.get("/admin/overblik/eksport.xlsx")
        assert client.get("/admin/overblik/eksport.pdf").status_code == 404
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig")), delimiter=";"))
    programme = Cohort.objects.get(label="Januar 2027").programme
    assert rows[0] == ["Hold", "Optagne pladser", "Loft", "Ledige pladser", "Venteliste"]
    assert rows[1] == [f"{programme}, alle hold", "2", "2", "0", "1"]
    assert rows[2] == ["Januar 2027", "2", "", "0", "1"]
    assert ["Optaget", "2"] in rows and ["På ventelisten", "1"] in rows
    assert ["Region Midtjylland", "1"] in rows and rows[-1] == ["Ikke tildelt", "3"]  # two lead advisers, one screening
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    assert [cell.value for cell in sheet[3]] == ["Januar 2027", 2, None, 0, 1]
    assert xlsx_response["Content-Disposition"].endswith('.xlsx"')
