"""Issue 18: a task link opens "Take the task" for whoever may take it; workshop steps say which workshop; people
by full name in filters and exports; Danish yes/no; search on the task lists; no bulk "Take" in My tasks."""

import io
import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import translation
from django.utils.translation import gettext, override
from openpyxl import load_workbook

from tests.support.course import AUTUMN, KICKOFF, accepted_registration, course_under_way, open_task, staff
from workflows.course.flows import CourseFlow, WorkshopFlow
from workflows.models import Registration
from workflows.registration.flows import ScreeningFlow
from workflows.staff.task_actions import safe_next

pytestmark = pytest.mark.django_db


def danish(text):
    with override("da"):
        return gettext(text)


def test_a_task_link_offers_take_and_open_to_whoever_may_take_it(client):
    anne, _bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        registration = accepted_registration(adviser=anne)
    task = open_task(registration, CourseFlow.assign_lead_adviser)
    client.force_login(carla)
    screen = client.get(f"/admin/opgaver/{task.pk}/")
    assert screen.status_code == 200  # the task's own screen, not the case with a banner
    html = screen.content.decode()
    assert 'data-testid="take"' in html and danish("Take the task") in html
    assert f'action="/admin/opgaver/{task.pk}/tag/"' in html
    assert f'name="next" value="/admin/opgaver/{task.pk}/"' in html
    assert 'name="lead_adviser"' not in html  # not the step's form before it is taken

    sent = client.post(f"/admin/opgaver/{task.pk}/", {"lead_adviser": anne.pk})  # the form, before taking it
    assert sent.status_code == 302 and sent["Location"] == f"/admin/opgaver/{task.pk}/"  # back to "Take the task"
    assert open_task(registration, CourseFlow.assign_lead_adviser).owner is None

    taken = client.post(f"/admin/opgaver/{task.pk}/tag/", {"next": f"/admin/opgaver/{task.pk}/"})
    assert taken.status_code == 302 and taken["Location"] == f"/admin/opgaver/{task.pk}/"
    form = client.get(taken["Location"]).content.decode()
    assert 'name="lead_adviser"' in form  # straight on to the form
    task.refresh_from_db()
    assert task.owner == carla

    client.force_login(anne)  # may not take it: lands on the case, as before
    assert client.get(f"/admin/opgaver/{task.pk}/")["Location"] == f"/admin/sager/{registration.pk}/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:x",
                                    "", "opgaver/"])
def test_the_claims_next_is_only_ever_a_path_on_this_site(target):
    assert safe_next(target) is None
    assert safe_next("/admin/opgaver/7/") == "/admin/opgaver/7/"


def test_a_claim_with_a_foreign_next_goes_to_the_inbox(client):
    anne, _bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        registration = accepted_registration(adviser=anne)
    task = open_task(registration, CourseFlow.assign_lead_adviser)
    client.force_login(carla)
    response = client.post(f"/admin/opgaver/{task.pk}/tag/", {"next": "https://testserver.evil/"})
    assert response["Location"] == "/admin/opgaver/"


def test_workshop_steps_say_which_workshop_when_and_where(client):
    anne, _bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        registration = accepted_registration(adviser=anne)
    course_under_way(client, registration, anne, carla)
    prepare = open_task(registration, WorkshopFlow.prepare)
    with time_machine.travel(KICKOFF + timedelta(days=1), tick=False):
        client.force_login(anne)
        client.post(f"/admin/opgaver/{prepare.pk}/tag/")
        screen = client.get(f"/admin/opgaver/{prepare.pk}/").content.decode()
        header = screen[screen.index('data-testid="workshop"'):]
        header = " ".join(header[:header.index("</p>")].split())
        assert "Ledelse" in header and "onsdag 10. februar 2027 kl. 09:00–12:00" in header
        assert "Rådhuset, mødelokale 2" in header
        inbox = client.get("/admin/opgaver/").content.decode()
        assert "Forbered workshoppen (Ledelse, 10. februar 2027)" in inbox


def test_the_task_lists_search_by_municipality_and_my_tasks_offer_no_bulk_take(client, two_cases):
    client.force_login(two_cases.coordinator)
    for url in ("/admin/opgaver/koe/", "/admin/opgaver/alle/"):
        html = client.get(url, {"q": "odense"}).content.decode()
        assert re.findall(r'/admin/sager/\d+/">([^<]+)</a>', html) == ["Odense"], url
        assert 'name="q"' in html
    queue = client.get("/admin/opgaver/koe/").content.decode()
    assert "/bulk/viewflow/task/claim/" in queue or "/viewflow/task/claim/" in queue
    task = open_task(two_cases.aarhus, CourseFlow.assign_lead_adviser)
    client.post(f"/admin/opgaver/{task.pk}/tag/")
    inbox = client.get("/admin/opgaver/").content.decode()
    assert 'name="q"' in inbox
    assert "/viewflow/task/claim/" not in inbox and "/viewflow/task/release/" in inbox
    assert re.findall(r'/admin/sager/\d+/">([^<]+)</a>', client.get("/admin/opgaver/", {"q": "vejle"})
                      .content.decode()) == []


def test_filters_and_the_case_export_name_people_by_full_name(client, two_cases):
    two_cases.adviser.username = "anne.r"
    two_cases.adviser.save()
    Registration.objects.filter(pk=two_cases.aarhus.pk).update(lead_adviser=two_cases.adviser)
    client.force_login(two_cases.coordinator)
    cases = client.get("/admin/sager/").content.decode()
    assert re.search(rf'<option value="{two_cases.adviser.pk}"[^>]*>Anne Rådgiver</option>', cases)
    everyone = client.get("/admin/opgaver/alle/").content.decode()
    assert re.search(rf'<option value="{two_cases.coordinator.pk}"[^>]*>Carla Koordinator</option>', everyone)
    assert ">anne.r</option>" not in cases + everyone
    export = client.get("/admin/sager/", {"export": "xlsx"})
    workbook = load_workbook(io.BytesIO(b"".join(export.streaming_content) if export.streaming else export.content))
    assert workbook.sheetnames == ["Ark1"]
    rows = list(workbook.active.values)
    assert [(row[0], row[3]) for row in rows[1:]] == [("Aarhus", "Anne Rådgiver"), ("Odense", None)]
    csv = client.get("/admin/sager/", {"export": "csv"})
    text = (b"".join(csv.streaming_content) if csv.streaming else csv.content).decode("utf-8-sig")
    assert "Anne Rådgiver" in text and "anne.r" not in text


def test_the_competence_module_list_says_ja_and_nej(client, two_cases):
    client.force_login(two_cases.coordinator)
    response = client.get("/admin/competence_modules/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "True" not in html and "False" not in html
    cells = [" ".join(cell.split()) for cell in re.findall(r"(?s)<td[^>]*>(.*?)</td>", html)]
    assert "Ja" in cells and "Nej" in cells


def test_the_screening_step_says_what_the_form_offers():
    with translation.override("en"):
        description = str(ScreeningFlow.screen.task_description)
    assert "waiting list" in description and "accept, waiting list or decline" not in description
