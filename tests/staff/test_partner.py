"""A competence partner's day in the workspace, with the permissions the migrations give the Competence partners
group: the competence strand's step assigned to them is in "My tasks" (and counted in the menu), its form opens and
completing it enrols the participants; afterwards it is in their archive, and the empty list sends them to no queue
(partners have none)."""

from datetime import date, timedelta

import pytest
import time_machine

from core import scheduler
from devtools.factories.core import UserFactory
from devtools.factories.workflows import local
from tests.support.course import (
    AUTUMN,
    KICKOFF,
    accepted_registration,
    decisions,
    do_task,
    nominate,
    open_task,
    staff,
)
from workflows.course.flows import CourseFlow
from workflows.permissions import Role

pytestmark = pytest.mark.django_db


def test_a_competence_partner_finds_and_completes_the_enrolment_step(client):
    anne, _bo, carla = staff()
    partner = UserFactory(username="kp", first_name="Kirsten", last_name="Partner", groups=[Role.PARTNER])
    with time_machine.travel(AUTUMN, tick=False):
        aarhus = accepted_registration(adviser=anne)
    with time_machine.travel(local(date(2026, 12, 1), 10), tick=False):
        do_task(client, carla, open_task(aarhus, CourseFlow.assign_lead_adviser),
                {"lead_adviser": anne.pk, "competence_partner": partner.pk})
        do_task(client, anne, open_task(aarhus, CourseFlow.schedule_kickoff),
                {"kickoff_at": "2027-01-04T10:00", "kickoff_place": "Rådhuset", "kickoff_url": ""})
    with time_machine.travel(KICKOFF + timedelta(minutes=1), tick=False):
        scheduler.run_due_jobs()
        module = aarhus.programme.modules.get(title="Grundmodul for peers")
        nominations = nominate(aarhus, "Mette Peer", "Jonas Hansen", modules=[module])
        enrol = open_task(aarhus, CourseFlow.enrol_participants)
        assert enrol.owner == partner

        client.force_login(partner)
        inbox = client.get("/admin/opgaver/").content.decode()
        assert f'href="/admin/opgaver/{enrol.pk}/"' in inbox
        assert "Mine opgaver (1)" in client.get("/admin/").content.decode()

        do_task(client, partner, enrol, decisions(nominations))

    assert sorted(aarhus.course.enrolments.values_list("participant", flat=True)) == ["Jonas Hansen", "Mette Peer"]
    enrol.refresh_from_db()
    assert enrol.finished is not None
    with time_machine.travel(KICKOFF + timedelta(hours=1), tick=False):
        archive = client.get("/admin/opgaver/arkiv/").content.decode()
        inbox = client.get("/admin/opgaver/").content.decode()
    assert f'href="/admin/opgaver/{enrol.pk}/indsendt/"' in archive  # what was submitted (test_submitted.py)
    assert "Du har ingen åbne opgaver." in inbox and "Tag en fra køen" not in inbox  # partners have no queue
