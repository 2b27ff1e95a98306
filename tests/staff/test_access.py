"""Who may open what in the staff workspace, read from the same place the views read it (`workflows.permissions`,
through each view's `allowed` check and the case's own rule): every workspace address × every role. A refusal is
Wagtail's "no permission" answer (a message and the dashboard), never an error page. And nobody sees a menu item
they cannot open."""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import resolve

from devtools.factories.core import UserFactory
from tests.support.course import (
    AUTUMN,
    KICKOFF,
    accepted_registration,
    course_under_way,
    nominate,
    open_task,
    staff,
)
from workflows import permissions
from workflows.course.flows import CourseFlow
from workflows.permissions import Role
from workflows.registration import services
from workflows.registration.models import CaseNote

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "adviser", "coordinator", "partner", "editor"]

# Every address of the workspace, with the object it is about: (path, method, data).
ADDRESSES = [
    ("/admin/opgaver/", "get", None),
    ("/admin/opgaver/koe/", "get", None),
    ("/admin/opgaver/arkiv/", "get", None),
    ("/admin/opgaver/alle/", "get", None),
    ("/admin/opgaver/{task}/", "get", None),
    ("/admin/opgaver/{task}/indsendt/", "get", None),
    ("/admin/opgaver/{task}/tag/", "post", {}),
    ("/admin/opgaver/{task}/slip/", "post", {}),
    ("/admin/opgaver/{task}/videregiv/", "post", {"colleague": ""}),
    ("/admin/sager/", "get", None),
    ("/admin/sager/?export=csv", "get", None),
    ("/admin/sager/{case}/", "get", None),
    ("/admin/sager/{other_case}/", "get", None),
    ("/admin/sager/{case}/noter/", "post", {"text": "En note"}),
    ("/admin/sager/{case}/noter/{note}/", "get", None),
    ("/admin/sager/{case}/noter/{note}/", "post", {"text": "En rettet note"}),
    ("/admin/sager/{case}/skriv/", "get", None),
    ("/admin/sager/{case}/skriv/", "post", {"subject": "Et emne", "body": "En besked"}),
    ("/admin/sager/{case}/dokumenter/del/", "get", None),
    ("/admin/sager/{case}/deltagere/", "post", {}),
    ("/admin/sager/{case}/moduler/{enrolment}/gennemfoert/", "post", {}),
    ("/admin/sager/{case}/afmeld/", "get", None),
    ("/admin/kalender/", "get", None),
    ("/admin/kalender/abonnement/", "post", {}),
    ("/admin/overblik/", "get", None),
    ("/admin/overblik/eksport.csv", "get", None),
    ("/admin/overblik/resultater/", "get", None),
    ("/admin/overblik/resultater/?cohort={cohort}&region=midtjylland", "get", None),
    ("/admin/overblik/resultater/hold/{cohort}/", "get", None),
    ("/admin/overblik/resultater/sager/{case}/", "get", None),
    ("/admin/overblik/resultater/eksport.zip", "get", None),
    ("/admin/overblik/resultater/eksport.xlsx", "get", None),
    ("/admin/workshopevalueringer/", "get", None),
]


@pytest.fixture
def world(two_cases):
    partner = UserFactory(username="kp", first_name="Kirsten", last_name="Partner", groups=[Role.PARTNER])
    admin = UserFactory(username="ida", is_superuser=True, is_staff=True)
    aarhus, odense = two_cases.aarhus, two_cases.odense
    aarhus.course.competence_partner = partner
    aarhus.course.save()
    enrolment = aarhus.course.enrolments.create(module=aarhus.programme.modules.first(), participant="Mette Peer")
    note = services.add_note(aarhus, two_cases.adviser, "Anne's note")
    return {
        "users": {"adviser": two_cases.adviser, "coordinator": two_cases.coordinator, "partner": partner,
                  "editor": two_cases.editor, "admin": admin},
        "ids": {"task": open_task(aarhus, CourseFlow.assign_lead_adviser).pk, "case": aarhus.pk,
                "other_case": odense.pk, "enrolment": enrolment.pk, "note": note.pk, "cohort": aarhus.cohort_id},
        "cases": {aarhus.pk: aarhus, odense.pk: odense},
    }


# What a case's actions ask beyond seeing the case.
CASE_ACTIONS = {"noter": permissions.may_act_on_case, "deltagere": permissions.may_record_competence,
                "moduler": permissions.may_record_competence, "skriv": permissions.may_write_to_municipality,
                "dokumenter": permissions.may_share_document}
NOTE = re.compile(r"/admin/sager/\d+/noter/(\d+)/")  # a note's own address (editing it) asks the note's rule


def expected(view, user, world, path):
    """May `user` use this address? The view's own check, and for a case's address the case's rules."""
    if user is None:
        return False
    check = getattr(view, "allowed", None) or view.view_class.allowed
    allowed = check(user)
    case_id = re.match(r"/admin/sager/(\d+)/(\w+)?", path)
    if case_id:
        case = world["cases"][int(case_id.group(1))]
        allowed = allowed and permissions.may_see_case(user, case)
        note = NOTE.match(path)
        if note:
            allowed = allowed and permissions.may_edit_note(user, CaseNote.objects.get(pk=note.group(1)))
        else:
            action = CASE_ACTIONS.get(case_id.group(2))
            allowed = allowed and (action is None or action(user, case))
    return allowed


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("address", ADDRESSES, ids=[address[0] for address in ADDRESSES])
def test_workspace_access(client, world, role, address):
    template, method, data = address
    user = world["users"].get(role)
    if user:
        client.force_login(user)
    path = template.format(**world["ids"])
    view = resolve(path.split("?")[0]).func
    view = getattr(view, "__wrapped__", view)  # Wagtail's require_admin_access wraps every admin view
    response = getattr(client, method)(path, data) if data is not None else getattr(client, method)(path)
    assert response.status_code in (200, 302), (role, path, response.status_code)
    refused = response.status_code == 302 and response["Location"] in ("/admin/", "/admin/login/") or (
        response.status_code == 302 and response["Location"].startswith("/admin/login/"))
    if role == "anonymous":
        assert response["Location"].startswith("/admin/login/")
    else:
        assert refused != expected(view, user, world, path), (role, path, response.status_code,
                                                              response.get("Location"))


def menu_urls(html):
    props = json.loads(re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
                                 html, re.S).group(1))
    urls = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("url"), str):
                urls.add(node["url"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(props)
    return {url for url in urls if url.startswith("/admin/") and "logout" not in url}


def dashboard_links(html):
    """The links and the search forms (GET) on the dashboard itself."""
    main = html[html.index("<main"):html.index("</main>")]
    return {url.replace("&amp;", "&") for url in re.findall(r'(?:href|action)="(/admin/[^"#]*)"', main)}


def opens(client, url):
    """The page opens: directly or through a redirect, but not to the dashboard with "no permission"."""
    response = client.get(url, follow=True)
    refused = "du har ikke adgang til dette område" in response.content.decode()
    return response.status_code == 200 and not refused, response.redirect_chain


ALL_ROLES = ["adviser", "coordinator", "partner", "editor", "admin"]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_nobody_sees_a_menu_item_they_cannot_open(client, world, role):
    client.force_login(world["users"][role])
    home = client.get("/admin/")
    assert home.status_code == 200
    for url in sorted(menu_urls(home.content.decode())):
        assert opens(client, url)[0], (role, url, opens(client, url)[1])


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_link_on_the_dashboard_opens(client, world, role):
    """Wagtail's panels, ours and the page search box: none leads to "no permission". Only those who may explore
    pages get the page search box."""
    client.force_login(world["users"][role])
    home = client.get("/admin/").content.decode()
    links = dashboard_links(home)
    for url in sorted(links):
        assert opens(client, url)[0], (role, url, opens(client, url)[1])
    searches_pages = 'role="search"' in home
    assert searches_pages == (role in ("editor", "admin")), role


def test_a_refused_script_request_gets_a_danish_answer(client, world):
    """Wagtail answers a refused background request (X-Requested-With) with a plain 403 instead of a message and
    the dashboard; the page is ours and Danish, not viewflow's English one."""
    client.force_login(world["users"]["adviser"])
    response = client.get("/admin/opgaver/alle/resultater/", HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Du har ikke adgang til denne side" in page
    assert "have no rights" not in page and "Forbidden" not in page


def test_the_wagtail_admin_is_where_staff_start(client, world):
    client.force_login(world["users"]["coordinator"])
    home = client.get("/admin/").content.decode()
    assert 'data-testid="panel-queue"' in home and "2 opgaver i mine gruppers kø" in home
    assert "/admin/opgaver/" in home and "Sagsbehandling" in home
    client.force_login(world["users"]["editor"])
    assert 'data-testid="panel-queue"' not in client.get("/admin/").content.decode()


def test_old_back_office_addresses_lead_to_the_workspace(client, world):
    task_id, case_id = world["ids"]["task"], world["ids"]["case"]
    for old, new in [
        ("/sagsbehandling/opgaver/", "/admin/opgaver/"), ("/sagsbehandling/opgaver/koe/", "/admin/opgaver/koe/"),
        (f"/sagsbehandling/sager/{case_id}/", f"/admin/sager/{case_id}/"),
        (f"/sagsbehandling/course/1/assign_lead_adviser/{task_id}/", f"/admin/opgaver/{task_id}/"),
        (f"/sagsbehandling/course/1/assign_lead_adviser/{task_id}/execute/", f"/admin/opgaver/{task_id}/"),
        ("/sagsbehandling/screening/queue/", "/admin/opgaver/"),
    ]:
        response = client.get(old)
        assert response.status_code == 301 and response["Location"] == new, old


def test_a_competence_partner_finds_the_competence_tasks_given_to_them_and_no_other(client):
    anne, _bo, carla = staff()
    partner = UserFactory(username="kp", first_name="Kirsten", last_name="Partner", groups=[Role.PARTNER])
    with time_machine.travel(AUTUMN, tick=False):
        aarhus = accepted_registration(adviser=anne)
    course_under_way(client, aarhus, anne, carla, partner=partner)
    with time_machine.travel(KICKOFF + timedelta(minutes=1), tick=False):
        [mette] = nominate(aarhus, "Mette Peer")
    enrol = open_task(aarhus, CourseFlow.enrol_participants)
    assert enrol.owner == partner
    with time_machine.travel(KICKOFF + timedelta(days=1), tick=False):
        client.force_login(partner)
        inbox = client.get("/admin/opgaver/").content.decode()
        home = client.get("/admin/").content.decode()
        screen = client.get(f"/admin/opgaver/{enrol.pk}/")
    assert f'href="/admin/opgaver/{enrol.pk}/"' in inbox and inbox.count('data-object-id="') == 1
    assert "1 opgave til mig" in home
    assert screen.status_code == 200 and f'name="decision_{mette.pk}"' in screen.content.decode()
