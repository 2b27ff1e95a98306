"""Before each workshop the municipality says who comes (its people by name, citizens by number) and what it wishes
on the agenda; the adviser's preparation shows the answer once it is in, and does not wait for it."""

from datetime import date

import pytest
import time_machine
from viewflow.workflow.status import STATUS

from core import scheduler
from devtools.factories.workflows import local
from tests.support.course import do_task, open_task
from tests.support.municipality_tasks import municipality_task, send_task, task_url
from workflows.course.flows import WorkshopFlow
from workflows.course.models import WorkshopAttendee

from .conftest import person, sign_in

pytestmark = pytest.mark.django_db

WISHES = "Hvordan kommer peers ind i visitationen?"


def answer(*rows, citizens=0, wishes=""):
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": "0", "citizens": str(citizens),
            "agenda_wishes": wishes}
    for index, (name, email, role) in enumerate(rows):
        data.update({f"form-{index}-name": name, f"form-{index}-email": email, f"form-{index}-role": role})
    return data


def test_the_answer_is_due_before_the_preparation_and_the_adviser_sees_it_when_it_arrives(client, case):
    task = municipality_task(case.aarhus, WorkshopFlow.answer_invitation)
    prepare = open_task(case.aarhus, WorkshopFlow.prepare)
    assert task.deadline.due_at < prepare.deadline.due_at  # the preparation does not wait for it: both are open

    client.force_login(case.adviser)
    screen = client.get(f"/admin/opgaver/{prepare.pk}/").content.decode()
    assert 'data-testid="no-response"' in screen

    sign_in(client, case.aarhus.contact_email)
    summary = send_task(client, task, answer(("Lone Leder", "Lone@Aarhus.example.dk", "manager"),
                                             ("Pia Peer", "pia@aarhus.example.dk", "peer"), citizens=4,
                                             wishes=WISHES))
    assert "Lone Leder" in summary and WISHES in summary
    receipt = client.get(task_url(task)).content.decode()
    assert 'data-testid="workshop-answer"' in receipt and "lone@aarhus.example.dk" in receipt
    response = case.aarhus.course.workshops.get().answer
    assert response.submitted_by == person(case.aarhus, case.aarhus.contact_email)
    assert [count for _label, count in response.counts()] == [1, 0, 1, 4]

    client.force_login(case.adviser)
    screen = client.get(f"/admin/opgaver/{prepare.pk}/").content.decode()
    assert 'data-testid="no-response"' not in screen and "Lone Leder" in screen and WISHES in screen
    case_page = client.get(f"/admin/sager/{case.aarhus.pk}/").content.decode()
    assert f'data-testid="workshop-answer-{response.workshop_id}"' in case_page


def test_an_answer_with_nobody_is_refused_with_the_input_kept(client, case):
    task = municipality_task(case.aarhus, WorkshopFlow.answer_invitation)
    sign_in(client, case.aarhus.contact_email)
    page = client.post(task_url(task), answer(citizens=0, wishes=WISHES)).content.decode()
    assert 'id="error-summary"' in page and 'href="#id_citizens"' in page and WISHES in page
    page = client.post(task_url(task), answer(("Lone Leder", "lone@", "manager"), citizens=-2)).content.decode()
    assert 'href="#id_form-0-email"' in page and 'href="#id_citizens"' in page and 'value="Lone Leder"' in page
    assert not WorkshopAttendee.objects.exists()


def test_an_answer_never_given_is_no_longer_asked_for_once_the_workshop_is_held(client, case):
    task = municipality_task(case.aarhus, WorkshopFlow.answer_invitation)
    do_task(client, case.adviser, open_task(case.aarhus, WorkshopFlow.prepare), {"agenda": "Roller og ansvar."})
    for moment in (local(date(2027, 2, 8), 10), local(date(2027, 2, 10), 13)):  # the reminder, then the workshop
        with time_machine.travel(moment, tick=False):
            scheduler.run_due_jobs()
    task.refresh_from_db()
    assert task.status == STATUS.CANCELED
    outcome = open_task(case.aarhus, WorkshopFlow.record_outcome)
    with time_machine.travel(local(date(2027, 2, 10), 14), tick=False):
        do_task(client, case.adviser, outcome, {"attendance": 9, "notes": "God dialog.", "agreed_actions": "Ingen."})
    assert case.aarhus.processes.get(flow_class=WorkshopFlow).status == STATUS.DONE
