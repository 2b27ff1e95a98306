"""The municipality nominates participants for the competence modules in "Jeres forløb" (a list of people, a
summary, a receipt); the competence strand waits for it, and the partner's step then confirms or declines each
nomination. Nobody else's case, nor staff, reaches the task."""

import pytest
from django.test import Client
from viewflow.workflow.status import STATUS

from devtools.factories.workflows import CasePersonFactory, CompetenceModuleFactory, ProgrammeFactory
from tests.support.course import do_task, open_task
from tests.support.municipality_tasks import municipality_task, send_task, task_url
from workflows.course.flows import CourseFlow, WorkshopFlow
from workflows.course.models import Nomination
from workflows.registration import services as registration_services
from workflows.registration.models import Registration

from .conftest import person, sign_in

pytestmark = pytest.mark.django_db


def people(*rows, modules):
    """The nomination form's POST data: one row per (name, email, role), each for `modules`."""
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": "0"}
    for index, (name, email, role) in enumerate(rows):
        data.update({f"form-{index}-name": name, f"form-{index}-email": email, f"form-{index}-role": role,
                     f"form-{index}-modules": [module.pk for module in modules]})
    return data


def modules(case):
    return list(case.aarhus.programme.modules.order_by("title"))


def test_nominations_are_sent_through_a_summary_and_the_partners_step_confirms_or_declines_them(client, case):
    task = municipality_task(case.aarhus, CourseFlow.nominate_participants)
    assert not case.aarhus.processes.filter(task__flow_task=CourseFlow.enrol_participants).exists()  # it waits
    sign_in(client, case.aarhus.contact_email)
    form = client.get(task_url(task)).content.decode()
    assert 'name="form-0-name"' in form and 'type="checkbox" name="form-0-modules"' in form

    grund, samarbejde = modules(case)
    data = people(("Mette Peer", "mette@aarhus.example.dk", "peer"),
                  ("Jonas Hansen", "Jonas@Aarhus.example.dk", "staff"), modules=[grund])
    summary = send_task(client, task, data)
    assert "Mette Peer" in summary and "jonas@aarhus.example.dk" in summary and grund.title in summary

    contact = person(case.aarhus, case.aarhus.contact_email)
    assert list(Nomination.objects.order_by("pk").values_list("name", "nominated_by", "status")) == [
        ("Mette Peer", contact.pk, "nominated"), ("Jonas Hansen", contact.pk, "nominated")]
    receipt = client.get(task_url(task)).content.decode()
    assert 'data-testid="receipt"' in receipt and 'data-testid="nominations"' in receipt and "Mette Peer" in receipt

    # The partner's step (the lead adviser's, without a partner) now decides each nomination.
    mette, jonas = Nomination.objects.order_by("pk")
    decide = open_task(case.aarhus, CourseFlow.enrol_participants)
    screen = do_task(client, case.adviser, decide, {
        f"decision_{mette.pk}": "confirm", f"decision_{jonas.pk}": "decline",
        f"reason_{jonas.pk}": "Grundmodulet er for peers."})
    assert f'name="decision_{mette.pk}"' in screen
    assert list(case.aarhus.course.enrolments.values_list("participant", "module", "nomination")) == [
        ("Mette Peer", grund.pk, mette.pk)]
    jonas.refresh_from_db()
    assert (jonas.status, jonas.decline_reason) == (Nomination.Status.DECLINED, "Grundmodulet er for peers.")
    assert samarbejde.enrolments.count() == 0
    case_page = client.get(f"/admin/sager/{case.aarhus.pk}/").content.decode()
    assert 'data-testid="nominations"' in case_page and "Grundmodulet er for peers." in case_page

    # The municipality reads the decision on its receipt.
    sign_in(client, case.aarhus.contact_email)
    assert "Grundmodulet er for peers." in client.get(task_url(task)).content.decode()


def test_a_bad_list_is_refused_on_its_rows_with_the_input_kept_and_a_row_can_be_added(client, case):
    task = municipality_task(case.aarhus, CourseFlow.nominate_participants)
    sign_in(client, case.aarhus.contact_email)
    grund, _samarbejde = modules(case)
    data = people(("Mette Peer", "mette@aarhus", "peer"), ("Mette Igen", "mette@aarhus", "peer"), modules=[grund])
    refused = client.post(task_url(task), data)
    page = refused.content.decode()
    assert 'id="error-summary"' in page and 'value="Mette Peer"' in page and 'value="Mette Igen"' in page
    assert 'href="#id_form-0-email"' in page

    data = people(("Mette Peer", "mette@aarhus.example.dk", "peer"), ("Mette Igen", "METTE@aarhus.example.dk",
                                                                       "peer"), modules=[grund])
    page = client.post(task_url(task), data).content.decode()
    assert 'href="#id_form-1-email"' in page and 'data-testid="summary"' not in page

    added = client.post(task_url(task), {**people(("Mette Peer", "", ""), modules=[grund]), "add": ""})
    row = added.context["form"].people.forms[0]
    assert row.initial["modules"] == [str(grund.pk)] and len(added.context["form"].people.forms) == 2
    page = added.content.decode()
    assert 'name="form-1-name"' in page and 'value="Mette Peer"' in page and 'id="error-summary"' not in page

    other = CompetenceModuleFactory(programme=ProgrammeFactory(slug="andet", name="Andet"))
    foreign = client.post(task_url(task), people(("Mette Peer", "mette@aarhus.example.dk", "peer"),
                                                 modules=[other]))
    assert 'id="error-summary"' in foreign.content.decode()
    tampered = client.post(task_url(task), {"form-TOTAL_FORMS": "abc", "form-0-name": "x"})
    assert tampered.status_code == 200
    assert not Nomination.objects.exists()
    task.refresh_from_db()
    assert task.status == STATUS.NEW and task.owner_id is None


def test_nobody_but_the_cases_people_reaches_the_task(client, case):
    task = municipality_task(case.aarhus, CourseFlow.nominate_participants)
    grund, _samarbejde = modules(case)
    data = {**people(("Spion", "spion@odense.example.dk", "peer"), modules=[grund]), "send": ""}

    sign_in(client, case.odense.contact_email)  # another municipality's contact person
    assert client.get(task_url(task)).status_code == 404
    assert client.post(task_url(task), data).status_code == 404
    own = f"/forloeb/jeres/{case.odense.pk}/opgaver/{task.pk}/"  # their own case's address, this case's task
    assert client.get(own).status_code == 404 and client.post(own, data).status_code == 404

    staff = Client()
    staff.force_login(case.adviser)
    assert staff.get(task_url(task)).status_code in (302, 404)
    assert staff.post(f"/admin/opgaver/{task.pk}/", data).status_code == 302  # no form for staff: the case page
    assert not Nomination.objects.exists()

    colleague = CasePersonFactory(registration=case.aarhus, email="mette@aarhus.example.dk")
    theirs = Client()
    theirs.force_login(colleague.user)
    send_task(theirs, task, people(("Pia Peer", "pia@aarhus.example.dk", "peer"), modules=[grund]))
    assert Nomination.objects.get().nominated_by == colleague


def test_a_withdrawn_case_leaves_no_open_municipality_task(case):
    assert municipality_task(case.aarhus, CourseFlow.nominate_participants)
    assert municipality_task(case.aarhus, WorkshopFlow.answer_invitation)
    registration_services.end_case(case.aarhus, Registration.Status.WITHDRAWN, reason="Kommunen har meldt fra.")
    open_ones = [task for process in case.aarhus.processes.all() for task in process.task_set.filter(
        finished__isnull=True)]
    assert open_ones == []
