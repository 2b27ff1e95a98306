"""The task lists' SQL queries grow neither with the number of tasks on the page nor with finished history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from viewflow.workflow.models import Task

from core.factories import UserFactory
from workflows import journey
from workflows.factories import CohortFactory, RegistrationFactory
from workflows.flows import ScreeningFlow
from workflows.models import Municipality, RegistrationProcess

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/sagsbehandling/opgaver/", "/sagsbehandling/opgaver/koe/"])
def test_inbox_and_queue_queries_are_constant_from_2_to_20_tasks(client, url):
    adviser = UserFactory(username="raadgiver", groups=["Advisers"])
    UserFactory(username="kollega", groups=["Advisers"])
    client.force_login(adviser)
    cohort = CohortFactory()
    municipalities = iter(Municipality.objects.order_by("pk"))

    def add_tasks(count):
        for _ in range(count):
            journey.submit(RegistrationFactory(cohort=cohort, municipality=next(municipalities)))
        if "koe" not in url:
            Task.objects.filter(owner__isnull=True, status="NEW").update(owner=adviser, status="ASSIGNED")

    add_tasks(2)
    _queries(client, url)  # warm caches
    few = _queries(client, url)
    add_tasks(18)
    assert _queries(client, url) == few


@pytest.mark.parametrize("url", ["/sagsbehandling/opgaver/", "/sagsbehandling/opgaver/koe/"])
def test_inbox_and_queue_do_not_grow_with_finished_history(client, url):
    """Finished processes (the archive) neither add queries nor slow the list: no query of the list reads
    viewflow's process table, which holds every process ever run."""
    adviser = UserFactory(username="raadgiver", groups=["Advisers"])
    client.force_login(adviser)
    cohort = CohortFactory()
    for code in ("aarhus", "odense"):
        journey.submit(RegistrationFactory(cohort=cohort, municipality=Municipality.objects.get(code=code)))
    if "koe" not in url:
        Task.objects.filter(owner__isnull=True, status="NEW").update(owner=adviser, status="ASSIGNED")

    def list_queries():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return [query["sql"] for query in captured]

    before = list_queries()
    registration = RegistrationFactory(cohort=cohort, municipality=Municipality.objects.get(code="aalborg"))
    for _ in range(30):
        process = RegistrationProcess.objects.create(flow_class=ScreeningFlow, registration=registration,
                                                     status="DONE", finished=timezone.now())
        Task.objects.create(process=process, flow_task=ScreeningFlow.screen, flow_task_type="HUMAN", status="DONE",
                            owner=adviser, owner_permission="workflows.screen_registration",
                            finished=timezone.now())
    after = list_queries()
    assert len(after) == len(before)
    assert not [sql for sql in after if '"viewflow_process"' in sql]
