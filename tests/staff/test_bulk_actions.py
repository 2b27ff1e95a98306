"""The task lists' bulk actions (take, put back, give to a colleague) at /admin/bulk/viewflow/task/<action>/?id=…:
the ids are typed into the address as easily as ticked, so a task the person may not act on is neither named (its
step tells what stage a case has reached) nor acted on, only counted as left out."""

import pytest
from django.utils import translation
from viewflow.workflow.models import Task

from devtools.factories.core import UserFactory
from workflows.course.flows import CourseFlow
from workflows.permissions import Role

pytestmark = pytest.mark.django_db

STEP = "Udpeg fast rådgiver"  # the coordinators' step waiting on both cases


def bulk(action, *tasks):
    return f"/admin/bulk/viewflow/task/{action}/?" + "&".join(f"id={task.pk}" for task in tasks)


def left_out(count):
    with translation.override("da"):
        return translation.ngettext("One of the selected tasks is left out: you cannot do this with it.",
                                    "%(counter)s of the selected tasks are left out: you cannot do this with them.",
                                    count) % {"counter": count}


@pytest.fixture
def queued(two_cases):
    tasks = list(Task.objects.filter(flow_task=CourseFlow.assign_lead_adviser, finished__isnull=True).order_by("pk"))
    assert len(tasks) == 2 and all(task.owner_id is None for task in tasks)
    return tasks


def test_an_adviser_typing_ids_of_tasks_they_may_not_take_sees_no_step_and_takes_nothing(client, two_cases, queued):
    client.force_login(two_cases.colleague)  # an adviser: assigning the lead adviser is the coordinators' step
    page = client.get(bulk("claim", *queued))
    html = page.content.decode()
    assert page.status_code == 200
    assert STEP not in html and f"/admin/opgaver/{queued[0].pk}/" not in html
    assert left_out(2) in html
    client.post(bulk("claim", *queued))
    assert not Task.objects.filter(pk__in=[task.pk for task in queued], owner__isnull=False).exists()

    page = client.get(bulk("claim", *queued).replace(f"id={queued[0].pk}", "id=all"))
    assert STEP not in page.content.decode()


def test_a_competence_partner_and_an_editor_learn_nothing_about_other_cases(client, two_cases, queued):
    partner = UserFactory(username="kp", groups=[Role.PARTNER])
    for user in (partner, two_cases.editor):
        client.force_login(user)
        for action in ("claim", "release", "reassign"):
            html = client.get(bulk(action, *queued)).content.decode()
            assert STEP not in html, (user, action)
        client.post(bulk("claim", *queued))
    assert not Task.objects.filter(pk__in=[task.pk for task in queued], owner__isnull=False).exists()


def test_a_colleagues_task_is_neither_named_nor_released_nor_given_away(client, two_cases, queued):
    carla = two_cases.coordinator
    client.force_login(carla)
    html = client.get(bulk("claim", queued[0])).content.decode()
    assert STEP in html and f"/admin/opgaver/{queued[0].pk}/" in html  # the coordinator may take it: named
    client.post(bulk("claim", queued[0]))
    assert Task.objects.get(pk=queued[0].pk).owner == carla

    client.force_login(two_cases.colleague)
    for action in ("release", "reassign"):
        html = client.get(bulk(action, queued[0])).content.decode()
        assert STEP not in html and left_out(1) in html, action
    client.post(bulk("release", queued[0]))
    client.post(bulk("reassign", queued[0]), {"colleague": two_cases.colleague.pk})
    assert Task.objects.get(pk=queued[0].pk).owner == carla


def test_ids_that_do_not_exist_or_are_not_numbers_are_left_out_quietly(client, two_cases, queued):
    client.force_login(two_cases.coordinator)
    response = client.get("/admin/bulk/viewflow/task/claim/?id=999999&id=abc&id=" + str(queued[1].pk))
    html = response.content.decode()
    assert response.status_code == 200 and STEP in html and left_out(1) in html


def test_the_confirmation_names_each_tasks_municipality(client, two_cases, queued):
    """Two tasks of the same step read alike: the confirmation says whose case each is, as the lists do."""
    client.force_login(two_cases.coordinator)
    html = client.get(bulk("claim", *queued)).content.decode()
    assert f"{STEP}</a> (Aarhus)" in html and f"{STEP}</a> (Odense)" in html
