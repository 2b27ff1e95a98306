"""One truth for seats, as people see it: at a moment when one cohort is full and another open, the home page's call
to action, the programme page, the registration form, the coordinator's overview and its export all show the same
figures (they all read `registration.seats.seat_facts`)."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from cms.models import HomePage
from devtools.factories.cms import ProgrammePageFactory
from devtools.factories.core import UserFactory
from devtools.factories.workflows import CohortFactory, ProgrammeFactory, RegistrationFactory, municipality
from tests.support.browser import sign_in
from workflows.permissions import Role
from workflows.registration import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def register(cohort, code):
    services.submit(RegistrationFactory.build(cohort=cohort, programme=cohort.programme,
                                              municipality=municipality(code)))


@pytest.fixture
def one_full_one_open():
    """20 seats; January (its own cap 2) is full with one municipality waiting, August is open: 18 free."""
    programme = ProgrammeFactory(capacity=20)
    january = CohortFactory(programme=programme, label="Januar 2027", capacity=2)
    CohortFactory(programme=programme, label="August 2027", registration_closes=timezone.now() + timedelta(days=90),
                  starts_on=timezone.localdate() + timedelta(days=150))
    for code in ("aarhus", "odense", "vejle"):
        register(january, code)
    page = ProgrammePageFactory(parent=HomePage.objects.get(), programme=programme)
    home = HomePage.objects.get()
    home.cta_heading, home.cta_page = "Vil jeres kommune være med?", page
    home.save_revision().publish()
    return page


def test_home_programme_page_form_overview_and_export_agree(live_server, page, one_full_one_open):
    page.goto(live_server.url + "/")
    cta = page.locator("section.cta").inner_text()
    assert "Tilmeldingen til August 2027 lukker" in cta and "18 pladser tilbage på holdet." in cta

    page.goto(live_server.url + one_full_one_open.url)
    status = page.locator(".programme-status")
    assert "18 pladser tilbage i programmet." in status.inner_text()
    assert "1 kommune står på venteliste." in status.inner_text()
    rows = {row.locator("th").inner_text(): row.locator("td").last.inner_text().strip()
            for row in status.locator("tbody tr").all()}
    assert rows == {"Januar 2027": "Fuldt: venteliste", "August 2027": "18"}

    page.get_by_role("link", name="Tilmeld jeres kommune").click()
    january = page.get_by_label("Januar 2027", exact=False)
    august = page.get_by_label("August 2027", exact=False)
    assert "fuldt: venteliste, nr. 2" in january.locator("xpath=..").inner_text()
    assert "18 ledige pladser" in august.locator("xpath=..").inner_text()
    assert "Januar 2027 er fuldt: tilmelder I jer til det, kommer I på venteliste. August 2027 har ledige pladser." \
        in page.locator("form[method=post]").inner_text()

    UserFactory(username="carla", groups=[Role.COORDINATOR])
    sign_in(page, live_server.url, "carla")
    page.goto(live_server.url + "/admin/overblik/")
    overview = page.locator("main").inner_text()
    assert f"{one_full_one_open.programme}, alle hold (af 20, 18 ledige, 1 på venteliste)" in overview
    assert "Januar 2027 (af 2, 0 ledige, 1 på venteliste)" in overview
    assert "August 2027 (intet eget loft, deler programmets ledige pladser; 0 på venteliste)" in overview

    export = page.request.get(live_server.url + "/admin/overblik/eksport.csv")
    assert export.ok
    rows = list(csv.reader(io.StringIO(export.text().lstrip("\ufeff")), delimiter=";"))
    by_cohort = {row[0]: row[1:] for row in rows if row and row[0] in ("Januar 2027", "August 2027")}
    assert by_cohort == {"Januar 2027": ["2", "2", "0", "1"], "August 2027": ["0", "", "18", "0"]}
