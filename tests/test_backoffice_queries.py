"""The task lists' SQL queries do not grow with the number of tasks on the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.models import Task

from core.factories import UserFactory
from workflows import journey
from workflows.factories import CohortFactory, RegistrationFactory
from workflows.models import Municipality

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
