"""The municipality's tasks in "Jeres forløb" (municipality.tasks over steps.nodes.MunicipalityStep): the goals and
starting point, from the plan's list through the form, the summary and sending to the receipt; who may do a task,
and that sending is one transaction."""

import pytest
from viewflow.workflow.status import STATUS

from tests.support.municipality_tasks import assessment_answers, municipality_task, send_task, task_url
from workflows.course.flows import CourseFlow
from workflows.outcomes.models import SelfAssessment
from workflows.steps.views import ReviewedStepView

from .conftest import person, plan_url, sign_in

pytestmark = pytest.mark.django_db

GOALS = "To peers ansat i bostøtten inden sommer."


def test_the_goals_task_is_on_the_plan_and_is_sent_through_a_summary_to_a_receipt(client, case):
    task = municipality_task(case.aarhus, CourseFlow.set_goals)
    assert task.owner_id is None and task.status == STATUS.NEW  # nobody holds it until it is sent
    sign_in(client, case.aarhus.contact_email)

    plan = client.get(plan_url(case.aarhus)).content.decode()
    assert f'data-testid="task-{task.pk}" data-state="overdue"' in plan  # due before the kickoff, now past
    assert task_url(task) in plan

    form = client.get(task_url(task))
    assert form.status_code == 200 and 'name="goals"' in form.content.decode()

    summary = send_task(client, task, assessment_answers(case.aarhus, goals=GOALS))
    assert GOALS in summary
    task.refresh_from_db()
    assert task.status == STATUS.DONE
    contact = person(case.aarhus, case.aarhus.contact_email)
    assert task.owner_id == contact.user_id
    baseline = SelfAssessment.objects.get(registration=case.aarhus, kind=SelfAssessment.Kind.BASELINE)
    assert baseline.goals == GOALS and baseline.submitted_by == contact
    assert baseline.answers.count() == 7 and {answer.value for answer in baseline.answers.all()} == {3}

    receipt = client.get(task_url(task)).content.decode()
    assert 'data-testid="receipt"' in receipt and contact.name in receipt and GOALS in receipt
    plan = client.get(plan_url(case.aarhus)).content.decode()
    assert f'data-testid="task-{task.pk}" data-state="done"' in plan


def test_only_the_cases_current_people_reach_its_task(client, case):
    task = municipality_task(case.aarhus, CourseFlow.set_goals)
    url = task_url(task)
    assert client.get(url).status_code == 302  # signed out: to the sign-in page
    client.force_login(case.adviser)  # staff: not a person of any case
    assert client.get(url).status_code == 404
    assert client.post(url, {**assessment_answers(case.aarhus, goals=GOALS), ReviewedStepView.CONFIRM: ""}
                       ).status_code == 404
    sign_in(client, case.odense.contact_email)  # another case's contact person
    assert client.get(url).status_code == 404
    other_task = municipality_task(case.aarhus, CourseFlow.set_goals)
    assert client.get(f"/forloeb/jeres/{case.odense.pk}/opgaver/{other_task.pk}/").status_code == 404  # not Odense's
    task.refresh_from_db()
    assert task.status == STATUS.NEW and task.owner_id is None
    staff_user = case.coordinator
    assert not task.flow_task.can_assign(staff_user, task) and not task.flow_task.can_execute(staff_user, task)


def test_refused_answers_come_back_with_their_errors_and_leave_the_task_nobodys(client, case):
    task = municipality_task(case.aarhus, CourseFlow.set_goals)
    sign_in(client, case.aarhus.contact_email)
    tampered = {**assessment_answers(case.aarhus, goals=GOALS), ReviewedStepView.CONFIRM: ""}
    key = next(name for name in tampered if name.startswith("indicator_"))
    tampered[key] = "-1"  # off the scale, or a negative number: either way refused
    page = client.post(task_url(task), tampered)
    assert page.status_code == 200 and "error-summary" in page.content.decode()
    assert GOALS in page.content.decode()  # the input is kept
    task.refresh_from_db()
    assert task.status == STATUS.NEW and task.owner_id is None
    assert not SelfAssessment.objects.exists()


def test_a_colleague_who_sends_second_is_told_who_sent_it(client, case):
    from django.test import Client

    from devtools.factories.workflows import CasePersonFactory

    task = municipality_task(case.aarhus, CourseFlow.set_goals)
    colleague = CasePersonFactory(registration=case.aarhus, name="Mette Kollega")
    other = Client()
    other.force_login(colleague.user)
    sign_in(client, case.aarhus.contact_email)
    data = assessment_answers(case.aarhus, goals=GOALS)
    assert "summary" in client.post(task_url(task), data).content.decode()  # both are looking at the summary
    send_task(other, task, {**data, "goals": "Mettes mål"})
    late = client.post(task_url(task), {**data, ReviewedStepView.CONFIRM: ""}, follow=True).content.decode()
    assert "Mette Kollega" in late and 'data-testid="receipt"' in late
    assert SelfAssessment.objects.get().goals == "Mettes mål"


def test_staff_never_see_or_take_the_municipalitys_task(client, case):
    task = municipality_task(case.aarhus, CourseFlow.set_goals)
    client.force_login(case.coordinator)
    for url in ("/admin/opgaver/", "/admin/opgaver/koe/", "/admin/opgaver/alle/", "/admin/kalender/?hvem=alle",
                "/admin/"):
        page = client.get(url).content.decode()
        assert f"/admin/opgaver/{task.pk}/" not in page, url
    client.post(f"/admin/opgaver/{task.pk}/tag/")
    client.post(f"/admin/opgaver/{task.pk}/videregiv/", {"colleague": case.adviser.pk})
    assert client.get(f"/admin/opgaver/{task.pk}/").status_code == 302  # to the case, with a word
    task.refresh_from_db()
    assert task.owner_id is None and task.status == STATUS.NEW
    case_page = client.get(f"/admin/sager/{case.aarhus.pk}/").content.decode()
    assert 'data-testid="by-municipality"' in case_page  # shown on the case as theirs, with no actions


def test_withdrawing_the_case_leaves_no_open_municipality_task(case):
    from workflows.registration import services as registration_services

    task = municipality_task(case.aarhus, CourseFlow.set_goals)
    registration_services.withdraw(case.aarhus)
    task.refresh_from_db()
    assert task.status == STATUS.CANCELED


def test_the_staff_side_shows_what_was_sent_and_who_sent_it(client, case):
    task = municipality_task(case.aarhus, CourseFlow.set_goals)
    sign_in(client, case.aarhus.contact_email)
    send_task(client, task, assessment_answers(case.aarhus, goals=GOALS))
    contact = person(case.aarhus, case.aarhus.contact_email)
    client.logout()
    client.force_login(case.adviser)
    page = client.get(f"/admin/sager/{case.aarhus.pk}/").content.decode()
    assert 'data-testid="municipality-outcomes"' in page and GOALS in page
    assert 'data-testid="indicator-peer_roles"' in page
    assert contact.name in page  # the timeline: sent by the contact person
    submitted = client.get(f"/admin/opgaver/{task.pk}/indsendt/")
    assert submitted.status_code == 200 and GOALS in submitted.content.decode()


def test_erasing_the_sender_keeps_the_answers_and_drops_the_link(client, case):
    from core import personal_data
    from workflows.municipality import personal_data as people_data

    task = municipality_task(case.aarhus, CourseFlow.set_goals)
    sign_in(client, case.aarhus.contact_email)
    send_task(client, task, assessment_answers(case.aarhus, goals=GOALS))
    source = people_data.CasePeopleData()
    email = case.aarhus.contact_email
    source.erase(personal_data.Person(email=email, names=frozenset(), cases=frozenset(source.cases(email))))
    baseline = SelfAssessment.objects.get()
    assert baseline.submitted_by is None and baseline.goals == GOALS and baseline.answers.count() == 7
    task.refresh_from_db()
    assert task.status == STATUS.DONE and task.owner_id is None
