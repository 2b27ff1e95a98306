"""The municipality's tasks over the course: the midway and final self-assessments before the adviser's own steps,
reminders and the word to the lead adviser, and the overdue tasks on the overview and the lead adviser's
dashboard."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import scheduler
from core.models import OutboxMessage, ScheduledJob
from devtools.factories.workflows import local
from tests.support.course import course_under_way, open_task
from tests.support.municipality_tasks import (
    assessment_answers,
    contact_person_client,
    do_municipality_tasks,
    municipality_task,
    send_task,
)
from workflows.course.flows import CourseFlow
from workflows.municipality import reminders
from workflows.outcomes.models import SelfAssessment

pytestmark = pytest.mark.django_db

MIDWAY = local(date(2027, 10, 4), 9)  # nine months after the course began on 4 January 2027
FINAL = local(date(2028, 6, 5), 9)  # the course's last month
GOALS_DUE = local(date(2026, 12, 30), 16)  # two working days before the kickoff (31 December, 1 January a holiday)


def _open_staff_steps(registration):
    from viewflow.workflow.models import Task

    return set(Task.objects.filter(process__registrationprocess__registration=registration, finished__isnull=True,
                                   flow_task__in=[CourseFlow.midway_status, CourseFlow.final_evaluation])
               .values_list("flow_task", flat=True))


def test_the_municipality_assesses_itself_before_the_advisers_midway_status_and_final_evaluation(client, case):
    municipality = contact_person_client(case.aarhus)
    do_municipality_tasks(municipality, case.aarhus)  # the goals and starting point, all 3s
    with time_machine.travel(MIDWAY, tick=False):
        scheduler.run_due_jobs()
        municipality = contact_person_client(case.aarhus)  # signed in again: a session does not last months
        task = municipality_task(case.aarhus, CourseFlow.assess_midway)
        assert not _open_staff_steps(case.aarhus)  # the adviser's midway status waits for the assessment
        form = municipality.get(f"/forloeb/jeres/{case.aarhus.pk}/opgaver/{task.pk}/").content.decode()
        assert form.count(": 3)") == 7  # the baseline answer beside each indicator
        send_task(municipality, task, assessment_answers(case.aarhus, value=4))
        midway = open_task(case.aarhus, CourseFlow.midway_status)
        client.force_login(case.adviser)
        screen = client.get(f"/admin/opgaver/{midway.pk}/").content.decode()
        assert 'data-testid="municipality-outcomes"' in screen
        assert '<td data-label="' in screen and ">3<" in screen and ">4<" in screen  # baseline and midway
    with time_machine.travel(FINAL, tick=False):
        do_task_midway_and_reach_final(client, case, midway)
        municipality = contact_person_client(case.aarhus)
        task = municipality_task(case.aarhus, CourseFlow.assess_final)
        assert CourseFlow.final_evaluation not in _open_staff_steps(case.aarhus)
        send_task(municipality, task, assessment_answers(case.aarhus, value=5,
                                                         course_evaluation="Et fælles sprog om peers."))
        final = open_task(case.aarhus, CourseFlow.final_evaluation)
        screen = client.get(f"/admin/opgaver/{final.pk}/").content.decode()
        assert "Et fælles sprog om peers." in screen and ">5<" in screen
    assert list(SelfAssessment.objects.values_list("kind", flat=True)) == ["baseline", "midway", "final"]


def do_task_midway_and_reach_final(client, case, midway):
    from tests.support.course import do_task

    do_task(client, case.adviser, midway, {"progress": "on_track", "peers_involved": 4, "achievements": "To peers.",
                                           "challenges": "", "next_steps": "Flere peers."})
    scheduler.run_due_jobs()


def test_the_people_are_reminded_once_and_the_lead_adviser_told_once_when_overdue(case):
    task = municipality_task(case.aarhus, CourseFlow.set_goals)
    assert task.deadline.due_at == GOALS_DUE
    reminders.send_due_notices(now=local(date(2026, 12, 20), 10))  # ten days before: nothing yet
    assert not OutboxMessage.objects.filter(template=reminders.REMINDER_TEMPLATE).exists()
    for _run in range(2):  # the job runs again, or on a second host: nothing more is sent
        reminders.send_due_notices(now=local(date(2026, 12, 28), 10))
    [reminder] = OutboxMessage.objects.filter(template=reminders.REMINDER_TEMPLATE)
    assert reminder.recipient == case.aarhus.contact_email
    assert f"/forloeb/jeres/{case.aarhus.pk}/opgaver/{task.pk}/" in reminder.body_text
    for _run in range(2):
        reminders.send_due_notices(now=local(date(2027, 1, 2), 10))
    [overdue] = OutboxMessage.objects.filter(template=reminders.OVERDUE_TEMPLATE)
    assert overdue.recipient == case.adviser.email
    assert f"/admin/sager/{case.aarhus.pk}/" in overdue.body_text
    assert OutboxMessage.objects.filter(template=reminders.REMINDER_TEMPLATE).count() == 1


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url)
    assert page.status_code == 200
    return page.content.decode(), len(captured)


def test_overdue_municipality_tasks_show_on_the_overview_and_the_lead_advisers_dashboard(client, case):
    task = municipality_task(case.aarhus, CourseFlow.set_goals)  # due before the kickoff, now past
    client.force_login(case.coordinator)
    overview, one = _queries(client, "/admin/overblik/")
    assert f'data-testid="behind-{task.pk}"' in overview
    client.force_login(case.adviser)
    dashboard, dashboard_one = _queries(client, "/admin/")
    assert f'data-testid="behind-{task.pk}"' in dashboard
    client.force_login(case.coordinator)  # leads no case: nothing on their dashboard
    assert f'data-testid="behind-{task.pk}"' not in client.get("/admin/").content.decode()

    ScheduledJob.objects.all().delete()  # the scheduler as on a fresh host, so that going back in time runs it
    course_under_way(client, case.odense, case.adviser, case.coordinator)  # a second case behind
    other = municipality_task(case.odense, CourseFlow.set_goals)
    client.force_login(case.coordinator)
    overview, two = _queries(client, "/admin/overblik/")
    assert f'data-testid="behind-{other.pk}"' in overview and two == one
    client.force_login(case.adviser)
    dashboard, dashboard_two = _queries(client, "/admin/")
    assert f'data-testid="behind-{other.pk}"' in dashboard and dashboard_two == dashboard_one
