"""The workshop evaluations in the workspace: an adviser reads those about the workshops of the cases they lead, a
coordinator every one, per workshop type and only for a type with at least five answers; the coordinators'
overview draws the share that found the workshops useful, a bar per type with enough answers. Nobody else gets in."""

from datetime import date
from types import SimpleNamespace

import pytest
import time_machine

from devtools.factories.core import UserFactory
from devtools.factories.workflows import WorkshopFeedbackFactory, local
from tests.support.course import AUTUMN, accepted_registration, staff
from workflows.course.models import Workshop
from workflows.municipality.services import ensure_contact_people
from workflows.permissions import Role

pytestmark = pytest.mark.django_db

PAGE = "/admin/workshopevalueringer/"
READ = local(date(2027, 3, 1), 10)


def workshop(registration, audience):
    return Workshop.objects.create(course=registration.course, audience=audience,
                                   starts_at=local(date(2027, 2, 10), 9), place="Rådhuset")


def answers(held, count, comment="", useful=4):
    """`count` evaluations of `held`, the first with `comment`."""
    for index in range(count):
        WorkshopFeedbackFactory(workshop=held, useful=useful, comment=comment if index == 0 else "")


@pytest.fixture
def world():
    """Aarhus (led by Anne) and Odense (led by Bo), each with five evaluations of a management
    workshop; Aarhus also four of a peers' workshop, one short of showing."""
    anne, bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        aarhus = accepted_registration(adviser=anne)
        odense = accepted_registration("odense", adviser=bo)
    for registration, lead in ((aarhus, anne), (odense, bo)):
        registration.lead_adviser = lead
        registration.save()
    with time_machine.travel(READ, tick=False):
        answers(workshop(aarhus, "management"), 5, "Aarhus-kommentar", useful=5)
        answers(workshop(odense, "management"), 5, "Odense-kommentar", useful=2)
        answers(workshop(aarhus, "peers"), 4, "Peers-kommentar")
    return SimpleNamespace(adviser=anne, colleague=bo, coordinator=carla, aarhus=aarhus, odense=odense)


def section(html, audience):
    start = html.index(f'data-testid="type-{audience}"')
    return html[start:html.index("</section>", start)]


def test_an_adviser_reads_the_evaluations_of_the_cases_they_lead(client, world):
    client.force_login(world.adviser)
    html = client.get(PAGE).content.decode()
    management = section(html, "management")
    assert "Aarhus-kommentar" in management and "Odense-kommentar" not in html
    assert "<td>5</td><td>100 %</td><td>5</td>" in management  # useful: five answers, all agree, median 5

    client.force_login(world.colleague)
    html = client.get(PAGE).content.decode()
    assert "Odense-kommentar" in section(html, "management") and "Aarhus-kommentar" not in html
    assert "<td>5</td><td>0 %</td><td>2</td>" in section(html, "management")

    client.force_login(world.coordinator)
    html = client.get(PAGE).content.decode()
    management = section(html, "management")
    assert "Aarhus-kommentar" in management and "Odense-kommentar" in management
    assert "<td>10</td><td>50 %</td><td>3,5</td>" in management


def test_a_type_with_fewer_than_five_answers_shows_nothing(client, world):
    client.force_login(world.coordinator)
    html = client.get(PAGE).content.decode()
    peers = section(html, "peers")
    assert 'data-testid="hidden"' in peers and "<table" not in peers
    assert "Peers-kommentar" not in html
    assert 'data-testid="hidden"' in section(html, "citizens")  # none at all reads the same


def test_comments_name_neither_workshop_nor_day(client, world):
    client.force_login(world.coordinator)
    main = client.get(PAGE).content.decode().split('id="main"', 1)[1]
    assert "10. februar" not in main and "Rådhuset" not in main and "Aarhus –" not in main


def test_the_page_reads_in_the_same_few_queries_however_many_answers(client, world, django_assert_max_num_queries):
    client.force_login(world.coordinator)
    client.get(PAGE)  # the session and the menu's counts warm up
    with django_assert_max_num_queries(15):
        client.get(PAGE)
    answers(workshop(world.odense, "citizens"), 7, "Borger-kommentar")
    answers(workshop(world.odense, "staff"), 6)
    with django_assert_max_num_queries(15):
        assert "Borger-kommentar" in client.get(PAGE).content.decode()


def test_only_advisers_and_coordinators_get_in_or_see_it_in_the_menu(client, world):
    partner = UserFactory(username="kp", groups=[Role.PARTNER])
    editor = UserFactory(username="erik", groups=[Role.EDITOR])
    person = ensure_contact_people(world.aarhus.contact_email)
    for user in (world.adviser, world.coordinator):
        client.force_login(user)
        assert client.get(PAGE).status_code == 200
        assert f'"{PAGE}"' in client.get("/admin/").content.decode()
    for user in (partner, editor):
        client.force_login(user)
        response = client.get(PAGE)
        assert response.status_code == 302 and response["Location"] == "/admin/"
        assert f'"{PAGE}"' not in client.get("/admin/").content.decode()
    client.force_login(person)
    assert client.get(PAGE)["Location"].startswith("/admin/login/")
    client.logout()
    assert client.get(PAGE)["Location"].startswith("/admin/login/")


def test_the_overview_draws_a_bar_for_each_type_with_enough_answers(client, world):
    client.force_login(world.coordinator)
    html = client.get("/admin/overblik/").content.decode()
    start = html.index('data-testid="chart-workshop-feedback"')
    chart = html[start:html.index("</figure>", start)]
    assert chart.count('data-testid="bar"') == 1  # management; peers (four answers) gets no bar
    assert f'<a href="{PAGE}#management" class="w-block" data-testid="bar">' in chart
    assert "<strong>50</strong>" in chart  # half found it useful: Aarhus's five, not Odense's five
    assert f'href="{PAGE}"' in html[start:]  # the whole page is one link away
