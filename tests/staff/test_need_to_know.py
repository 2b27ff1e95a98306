"""Need to know, with a field dimension: a marker is planted in every kind of a case's data (workflows.permissions.
CaseData) and every page and export each role reaches is read. A kind of data the declaration (`permissions.SEES`)
does not give a role never appears on its screens; one it gives appears somewhere, so the test cannot pass by
showing nothing."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from core.models import OutboxMessage
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
from workflows.course.flows import CourseFlow, WorkshopFlow
from workflows.models import CaseNote, Enrolment, Evaluation, Registration
from workflows.permissions import GRANTS, SEES, CaseData, Role

pytestmark = pytest.mark.django_db

MARKERS = {
    CaseData.APPLICATION: ["MOTIVATIONMARKOER", "ERFARINGSMARKOER"],
    CaseData.CONTACTS: ["Kontakt Markoersen", "kontakt.markoer@aarhus.example.dk", "99 88 77 66", "Leder Markoersen"],
    CaseData.HISTORY: ["EMNEMARKOER"],
    CaseData.NOTES: ["NOTEMARKOER"],
    CaseData.COURSE: ["EVALUERINGSMARKOER"],
    CaseData.COMPETENCE: ["Deltager Markoersen"],
}


@pytest.fixture
def planted(client):
    """A course under way with a competence partner, every kind of its data carrying a marker."""
    anne, _bo, carla = staff()
    pia = UserFactory(username="pia", first_name="Pia", last_name="Partner", groups=[Role.PARTNER])
    editor = UserFactory(username="erik", groups=[Role.EDITOR])
    with time_machine.travel(AUTUMN, tick=False):
        registration = accepted_registration(adviser=anne)
    course_under_way(client, registration, anne, carla, partner=pia)
    with time_machine.travel(KICKOFF + timedelta(minutes=1), tick=False):
        nominate(registration, "Deltager Markoersen")
    Registration.objects.filter(pk=registration.pk).update(
        motivation="Vores motivation: MOTIVATIONMARKOER", peer_experience_details="ERFARINGSMARKOER",
        contact_name="Kontakt Markoersen", contact_email="kontakt.markoer@aarhus.example.dk",
        contact_phone="99 88 77 66", manager_name="Leder Markoersen")
    CaseNote.objects.create(registration=registration, author=anne, text="Intern: NOTEMARKOER")
    OutboxMessage.objects.create(recipient="kontakt.markoer@aarhus.example.dk", template="test_message",
                                 subject="EMNEMARKOER", body_text="")
    course = registration.course
    Evaluation.objects.create(course=course, kind=Evaluation.Kind.MIDWAY, progress="on_track", peers_involved=2,
                              achievements="EVALUERINGSMARKOER", next_steps="Videre.")
    module = registration.programme.modules.first()
    Enrolment.objects.create(course=course, module=module, participant="Deltager Markoersen")
    tasks = {"adviser": open_task(registration, WorkshopFlow.prepare),
             "partner": open_task(registration, CourseFlow.enrol_participants)}
    return {"case": registration, "tasks": tasks,
            "users": {Role.ADVISER: anne, Role.COORDINATOR: carla, Role.PARTNER: pia, Role.EDITOR: editor}}


def seen_by(role):
    return set().union(*(parts for permission, parts in SEES.items() if permission in GRANTS.get(role, set())))


def pages(role, planted):
    case = planted["case"]
    addresses = ["/admin/", "/admin/opgaver/", "/admin/opgaver/koe/", "/admin/opgaver/arkiv/", "/admin/opgaver/alle/",
                 "/admin/sager/", f"/admin/sager/?q={case.municipality.name}", "/admin/sager/?export=csv",
                 "/admin/sager/?export=xlsx", f"/admin/sager/{case.pk}/", f"/admin/sager/{case.pk}/?tidslinje=hele",
                 "/admin/kalender/", "/admin/overblik/", "/admin/overblik/eksport.csv"]
    task = planted["tasks"]["partner" if role == Role.PARTNER else "adviser"]
    return [*addresses, f"/admin/opgaver/{task.pk}/"]


def read(client, address):
    response = client.get(address, follow=True)
    if response.streaming:
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    text = content.decode("utf-8", "replace")
    if content[:2] == b"PK":  # an XLSX: read its cells
        import io

        from openpyxl import load_workbook
        sheet = load_workbook(io.BytesIO(content)).active
        text = " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None)
    return text


@pytest.mark.parametrize("role", [Role.ADVISER, Role.COORDINATOR, Role.PARTNER, Role.EDITOR])
def test_every_screen_a_role_reaches_shows_only_the_case_data_it_needs(planted, role):
    client = Client()
    allowed = seen_by(role)
    with time_machine.travel(KICKOFF + timedelta(days=1), tick=False):
        client.force_login(planted["users"][role])
        screens = {address: read(client, address) for address in pages(role, planted)}
    for kind, markers in MARKERS.items():
        for marker in markers:
            shown_on = [address for address, text in screens.items() if marker in text]
            if kind in allowed:
                assert shown_on, f"{role} may see {kind} but {marker!r} is on none of its screens"
            else:
                assert not shown_on, f"{role} must not see {kind}: {marker!r} is on {shown_on}"


def test_the_declaration_is_what_the_checks_say(planted):
    case = planted["case"]
    for role, user in planted["users"].items():
        assert permissions.case_data_seen(user, case) == seen_by(role), role
    assert permissions.case_data_seen(UserFactory(groups=[Role.PARTNER]), case) == set()  # not their course
