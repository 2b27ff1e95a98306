"""Issue 18: the workspace at 375 px, built from Wagtail's own components (the browser test looks at the screens):
task lists whose rows stack, case tabs that wrap, calendar words that break between words, a feed address with a
copy button (Wagtail's clipboard controller), the municipality's answers in a box the keyboard scrolls; and the
enrolment step shows who is already enrolled."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils.translation import gettext, override

from core import scheduler
from devtools.factories.core import UserFactory
from devtools.factories.workflows import InformationMeetingFactory
from tests.support.course import (
    AUTUMN,
    KICKOFF,
    accepted_registration,
    course_under_way,
    nominate,
    open_task,
    staff,
)
from tests.support.municipality_tasks import contact_person_client, do_municipality_tasks
from workflows.course.flows import CourseFlow
from workflows.permissions import Role

pytestmark = pytest.mark.django_db


def danish(text):
    with override("da"):
        return gettext(text)


def test_task_rows_stack_tabs_wrap_and_the_calendar_breaks_between_words(client, two_cases):
    client.force_login(two_cases.coordinator)
    for url in ("/admin/opgaver/alle/", "/admin/opgaver/koe/"):
        assert '<table class="listing listing--dashboard">' in client.get(url).content.decode(), url
    case = client.get(f"/admin/sager/{two_cases.aarhus.pk}/").content.decode()
    assert re.search(r'role="tablist" class="w-tabs__list w-flex-wrap"', case)

    with time_machine.travel(AUTUMN, tick=False):
        InformationMeetingFactory(programme=two_cases.aarhus.programme, host=two_cases.coordinator,
                                  starts_at=AUTUMN + timedelta(days=3))
        client.post("/admin/kalender/abonnement/")
        calendar = client.get("/admin/kalender/").content.decode()
    row = re.search(r'<tr data-testid="agenda-meeting">(.*?)</tr>', calendar, re.S).group(1)
    assert 'class="title"' not in row and "title-wrapper" not in row  # Wagtail's .title breaks inside a word
    assert '<table class="listing" lang="da">' in calendar


def test_the_calendar_address_has_a_copy_button_without_script_of_our_own(client, two_cases):
    client.force_login(two_cases.adviser)
    client.post("/admin/kalender/abonnement/")
    html = client.get("/admin/kalender/").content.decode()
    feed = html[html.index('data-controller="w-clipboard'):]
    address = feed[feed.index('<input type="text" readonly id="feed-url"'):]
    address = address[:address.index('data-w-clipboard-target="value">')]
    assert re.search(r'value="http[^"]+\.ics"', address)  # the whole address, in a field it is copied from
    assert 'data-action="w-clipboard#copy"' in feed and danish("Copy the address") in feed
    assert "<script" not in html.split('id="main"')[-1].split("</main>")[0]


def test_the_enrolment_step_shows_who_is_already_enrolled(client):
    anne, _bo, carla = staff()
    pia = UserFactory(username="pia", first_name="Pia", last_name="Partner", groups=[Role.PARTNER])
    with time_machine.travel(AUTUMN, tick=False):
        registration = accepted_registration(adviser=anne)
    course_under_way(client, registration, anne, carla, partner=pia)
    with time_machine.travel(KICKOFF + timedelta(minutes=1), tick=False):
        scheduler.run_due_jobs()
        client.force_login(pia)
        [mette] = nominate(registration, "Mette Peer")
        task = open_task(registration, CourseFlow.enrol_participants)
        empty = client.get(f"/admin/opgaver/{task.pk}/").content.decode()
        assert danish("Nobody is enrolled yet.") in empty
        staff_module = registration.programme.modules.get(title="Samarbejde med peers")
        client.post(f"/admin/sager/{registration.pk}/deltagere/",
                    {"modules": [staff_module.pk], "participants": "Lone Leder"})
        screen = client.get(f"/admin/opgaver/{task.pk}/").content.decode()
    table = screen[screen.index('data-testid="enrolled"'):screen.index('<form')]
    assert re.findall(r"<td>(.*?)</td>", table) == ["Lone Leder", "Medarbejdere", "Samarbejde med peers"]
    assert screen.index('data-testid="enrolled"') < screen.index(f'name="decision_{mette.pk}"')  # above the form


def test_the_municipality_s_answers_scroll_sideways_in_a_box_the_keyboard_reaches(client, two_cases):
    """On a phone the table of goals and self-assessments, and that of the municipality's people, scroll sideways:
    each box takes keyboard focus and is named by its section's heading (axe's scrollable-region-focusable), on the
    case page as on the public receipt."""
    aarhus = two_cases.aarhus
    course_under_way(client, aarhus, two_cases.adviser, two_cases.coordinator)
    with time_machine.travel(KICKOFF + timedelta(days=1), tick=False):
        municipality = contact_person_client(aarhus)
        do_municipality_tasks(municipality, aarhus)
        client.force_login(two_cases.adviser)
        case = client.get(f"/admin/sager/{aarhus.pk}/").content.decode()
        [task] = aarhus.processes.get(flow_class=CourseFlow).task_set.filter(flow_task=CourseFlow.set_goals)
        receipt = municipality.get(f"/forloeb/jeres/{aarhus.pk}/opgaver/{task.pk}/").content.decode()
    box = 'w-overflow-x-auto" tabindex="0" role="region" aria-labelledby="{}">'
    assert box.format("outcomes-heading") in case and 'id="outcomes-heading"' in case
    assert box.format("case-people-heading") in case and 'id="case-people-heading"' in case
    assert box.format("svar") in receipt and '<h2 id="svar">' in receipt
