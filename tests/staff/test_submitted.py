"""Issue 18: the archive's rows open a completed task read-only, with what was submitted in it (read from the records
the step saved), under the task's own access rules."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils.translation import gettext, override

from core import scheduler
from devtools.factories.core import UserFactory
from tests.support.course import (
    AUTUMN,
    KICKOFF,
    accepted_registration,
    course_under_way,
    decisions,
    do_task,
    nominate,
    open_task,
    staff,
)
from workflows.course.flows import CourseFlow
from workflows.municipality.tasks import municipality_steps
from workflows.permissions import Role
from workflows.registration.flows import ScreeningFlow
from workflows.staff.queries import human_steps
from workflows.staff.submitted import SAVED

pytestmark = pytest.mark.django_db


def danish(text):
    with override("da"):
        return gettext(text)


def submitted(html):
    """{label: value} of the read-only screen's submitted values."""
    block = html[html.index('data-testid="submitted"'):]
    block = block[:block.index("</dl>")]
    return {label: " ".join(re.sub(r"<br>", " / ", value).split())
            for label, value in re.findall(r"<dt[^>]*>(.*?)</dt><dd>(.*?)</dd>", block, re.S)}


def done_task(registration, node):
    return registration.processes.get(flow_class=node.flow_class).task_set.get(flow_task=node, status="DONE")


def test_every_human_step_says_where_its_submitted_values_are():
    """Staff's steps and the municipality's own (which staff read once they are sent)."""
    assert set(human_steps()) | set(municipality_steps()) == set(SAVED)


def test_a_completed_task_shows_what_was_submitted_and_the_archive_links_to_it(client):
    anne, _bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        registration = accepted_registration(adviser=anne)
    course_under_way(client, registration, anne, carla)
    kickoff = done_task(registration, CourseFlow.schedule_kickoff)
    plan = done_task(registration, CourseFlow.plan_workshop)
    with time_machine.travel(KICKOFF + timedelta(days=1), tick=False):
        client.force_login(anne)
        archive = client.get("/admin/opgaver/arkiv/").content.decode()
        assert f'href="/admin/opgaver/{kickoff.pk}/indsendt/"' in archive
        assert f'href="/admin/opgaver/{plan.pk}/indsendt/"' in archive

        screen = client.get(f"/admin/opgaver/{kickoff.pk}/indsendt/")
        assert screen.status_code == 200
        html = screen.content.decode()
        assert "Du udførte »Planlæg opstart« 1. december 2026 kl. 10:00." in html
        assert submitted(html) == {danish("Kickoff"): "4. januar 2027 kl. 10:00", danish("Place"): "Rådhuset",
                                   "Link til onlinemødet": "–"}
        assert 'name="kickoff_at"' not in html and "<form" not in html.split('id="main"')[-1]  # read-only
        assert danish("Overdue") not in html  # a done task is not late

        workshop = submitted(client.get(f"/admin/opgaver/{plan.pk}/indsendt/").content.decode())
        assert workshop[danish("Audience")] == "Ledelse"
        assert workshop[danish("Starts")] == "10. februar 2027 kl. 09:00"
        assert workshop[danish("Plan another workshop afterwards")] == "nej"

        client.force_login(carla)  # a colleague on the case reads it too, with who did it
        screening = client.get(f"/admin/opgaver/{done_task(registration, ScreeningFlow.screen).pk}/indsendt/")
        screening = screening.content.decode()
        assert "blev udført af Anne Rådgiver 1. september 2026 kl. 10:00" in screening
        assert submitted(screening)[danish("Decision")] == danish("Accepted")


def test_an_open_tasks_submitted_address_leads_to_its_screen(client, two_cases):
    task = open_task(two_cases.aarhus, CourseFlow.assign_lead_adviser)
    client.force_login(two_cases.coordinator)
    response = client.get(f"/admin/opgaver/{task.pk}/indsendt/")
    assert response.status_code == 302 and response["Location"] == f"/admin/opgaver/{task.pk}/"


def test_a_completed_task_is_refused_to_whoever_may_not_see_its_data(client):
    """Need to know, as for the open task: a competence partner reads the competence step of their own course, not
    its screening, nor another course's steps; an editor reads none."""
    anne, _bo, carla = staff()
    pia = UserFactory(username="pia", first_name="Pia", last_name="Partner", groups=[Role.PARTNER])
    kim = UserFactory(username="kim", first_name="Kim", last_name="Anden", groups=[Role.PARTNER])
    editor = UserFactory(username="erik", groups=[Role.EDITOR])
    with time_machine.travel(AUTUMN, tick=False):
        aarhus = accepted_registration(adviser=anne)
        odense = accepted_registration("odense", adviser=anne, cohort=aarhus.cohort)
    course_under_way(client, aarhus, anne, carla, partner=pia)
    with time_machine.travel(KICKOFF + timedelta(minutes=1), tick=False):
        scheduler.run_due_jobs()
        module = aarhus.programme.modules.get(title="Grundmodul for peers")
        nominations = nominate(aarhus, "Mette Peer", "Jonas Hansen", modules=[module])
        do_task(client, pia, open_task(aarhus, CourseFlow.enrol_participants), decisions(nominations))
    enrol = done_task(aarhus, CourseFlow.enrol_participants)

    with time_machine.travel(KICKOFF + timedelta(hours=1), tick=False):
        client.force_login(pia)
        own = client.get(f"/admin/opgaver/{enrol.pk}/indsendt/")
        assert own.status_code == 200
        values = submitted(own.content.decode())
        assert values[danish("Confirmed")] == "Jonas Hansen / Mette Peer"

        for user, task in [(pia, done_task(aarhus, ScreeningFlow.screen)),  # her course, not her kind of data
                           (pia, done_task(odense, ScreeningFlow.screen)),  # another case
                           (kim, enrol),  # another partner's task
                           (editor, enrol)]:
            client.force_login(user)
            refused = client.get(f"/admin/opgaver/{task.pk}/indsendt/")
            assert refused.status_code == 302 and refused["Location"] == "/admin/", (user, task)
            assert "Mette Peer" not in client.get(refused["Location"]).content.decode()
