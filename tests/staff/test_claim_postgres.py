"""Two advisers claim the same task in the same instant, on PostgreSQL: exactly one becomes its owner and the
other gets a clear Danish message, never an error page (a held flow lock, `FlowLockFailed`, is handled)."""

import pytest
from django.test import Client
from viewflow.workflow.models import Task

from devtools.factories.workflows import CohortFactory, RegistrationFactory
from tests.support.course import staff
from tests.support.programme import at_the_same_moment
from workflows.registration import services
from workflows.registration.flows import ScreeningFlow

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ALREADY_TAKEN = "har allerede taget opgaven."
BUSY = "En anden arbejder på sagen lige nu. Prøv igen om et øjeblik."


def test_two_advisers_claim_one_task_at_the_same_moment(postgres_only):
    anne, bo, _carla = staff()
    cohort = CohortFactory()
    registration = services.submit(RegistrationFactory.build(cohort=cohort, programme=cohort.programme))
    task = Task.objects.get(process__registrationprocess__registration=registration, flow_task=ScreeningFlow.screen)
    clients = {}
    for user in (anne, bo):
        clients[user.username] = Client()
        clients[user.username].force_login(user)
    responses = {}

    def claim(username):
        responses[username] = clients[username].post(f"/admin/opgaver/{task.pk}/tag/", follow=True)

    errors = at_the_same_moment(claim, list(clients), timeout=60)
    assert errors == []
    task.refresh_from_db()
    assert task.owner in (anne, bo) and task.status == "ASSIGNED"
    pages = {name: response.content.decode() for name, response in responses.items()}
    assert all(response.status_code == 200 for response in responses.values())
    winner, loser = task.owner.username, ({"anne", "bo"} - {task.owner.username}).pop()
    assert "Opgaven er nu din." in pages[winner]
    assert ALREADY_TAKEN in pages[loser] or BUSY in pages[loser]
    assert "Opgaven er nu din." not in pages[loser]
