"""Access matrix: every back-office and status-page URL × (anonymous, another municipality's link, adviser,
coordinator, editor) → the expected status code. Also: a municipality's link shows only its own registration,
and the Wagtail admin shows staff their task counts and a menu entry to the back office."""

import pytest
import time_machine
from django.core import signing

from core.factories import UserFactory
from tests.course_support import AUTUMN, accepted_registration, open_task, staff
from workflows import links
from workflows.course_flows import CourseFlow

pytestmark = pytest.mark.django_db

ANONYMOUS, OTHER_LINK, ADVISER, COORDINATOR, EDITOR = "anonymous", "other_link", "adviser", "coordinator", "editor"
LOGIN = 302  # sent to the Wagtail sign-in

# url template -> (method, {role: status})
BACK_OFFICE = {
    "/sagsbehandling/opgaver/": ("get", {ADVISER: 200, COORDINATOR: 200, EDITOR: 403}),
    "/sagsbehandling/opgaver/koe/": ("get", {ADVISER: 200, COORDINATOR: 200, EDITOR: 403}),
    "/sagsbehandling/opgaver/arkiv/": ("get", {ADVISER: 200, COORDINATOR: 200, EDITOR: 403}),
    "/sagsbehandling/sager/{registration}/": ("get", {ADVISER: 200, COORDINATOR: 200, EDITOR: 403}),
    "/sagsbehandling/overblik/": ("get", {ADVISER: 403, COORDINATOR: 200, EDITOR: 403}),
    "/sagsbehandling/overblik/eksport.csv": ("get", {ADVISER: 403, COORDINATOR: 200, EDITOR: 403}),
    "/sagsbehandling/overblik/eksport.xlsx": ("get", {ADVISER: 403, COORDINATOR: 200, EDITOR: 403}),
    "/sagsbehandling/opgaver/{task}/tag/": ("post", {ADVISER: 302, COORDINATOR: 302, EDITOR: 403}),
    "/sagsbehandling/sager/{registration}/afmeld/": ("post", {ADVISER: 403, COORDINATOR: 302, EDITOR: 403}),
    "/sagsbehandling/sager/{registration}/moduler/999/gennemfoert/": (
        "post", {ADVISER: 404, COORDINATOR: 404, EDITOR: 403}),
    "/sagsbehandling/course/{process}/assign_lead_adviser/{task}/detail/": (
        "get", {ADVISER: 200, COORDINATOR: 200, EDITOR: 403}),  # viewing a task needs view_registrationprocess
}
STATUS_PAGES = ["/forloeb/status/{token}/", "/forloeb/status/{token}/afmeld/",
                "/forloeb/status/{token}/kalender/opstart.ics"]


@pytest.fixture
def world():
    anne, _bo, carla = staff()
    editor = UserFactory(username="erik", groups=["Editors"])
    with time_machine.travel(AUTUMN, tick=False):
        aarhus = accepted_registration(adviser=anne)
        odense = accepted_registration("odense", adviser=anne, cohort=aarhus.cohort)
    task = open_task(aarhus, CourseFlow.assign_lead_adviser)
    return {"users": {ADVISER: anne, COORDINATOR: carla, EDITOR: editor}, "aarhus": aarhus, "odense": odense,
            "task": task}


def forged_token(own, target):
    """Another municipality's link with the id swapped: the signature no longer matches."""
    payload, signature = links.status_token(own).rsplit(":", 1)
    other_payload = links.status_token(target).rsplit(":", 1)[0]
    assert other_payload != payload
    return f"{other_payload}:{signature}"


ROLES = [ANONYMOUS, OTHER_LINK, ADVISER, COORDINATOR, EDITOR]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", list(BACK_OFFICE))
def test_back_office_access(client, world, role, url):
    method, expected = BACK_OFFICE[url]
    if role in world["users"]:
        client.force_login(world["users"][role])
    path = url.format(registration=world["aarhus"].pk, task=world["task"].pk, process=world["task"].process_id)
    response = getattr(client, method)(path)
    wanted = expected.get(role, LOGIN)
    assert response.status_code == wanted
    if wanted == LOGIN and role in (ANONYMOUS, OTHER_LINK):
        assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", STATUS_PAGES)
def test_status_page_access(client, world, role, url):
    """Whoever holds a municipality's link sees its page; a link altered to point elsewhere is refused."""
    if role in world["users"]:
        client.force_login(world["users"][role])
    token = forged_token(world["odense"], world["aarhus"]) if role == OTHER_LINK else links.status_token(
        world["aarhus"])
    assert client.get(url.format(token=token)).status_code == (404 if role == OTHER_LINK else 200)


def test_a_link_shows_only_its_own_registration(client, world):
    html = client.get(f"/forloeb/status/{links.status_token(world['odense'])}/").content.decode()
    assert "Status for Odense" in html
    assert "Aarhus" not in html and world["aarhus"].contact_email not in html
    with pytest.raises(signing.BadSignature):
        signing.loads(forged_token(world["odense"], world["aarhus"]), salt="workflows.registration-status")


def test_the_wagtail_admin_is_where_staff_start(client, world):
    client.force_login(world["users"][COORDINATOR])
    home = client.get("/admin/").content.decode()
    assert 'data-testid="panel-queue"' in home and "2 opgaver i mine gruppers kø" in home
    assert "/sagsbehandling/opgaver/" in home and "Sagsbehandling" in home
    client.force_login(world["users"][EDITOR])
    assert 'data-testid="panel-queue"' not in client.get("/admin/").content.decode()
