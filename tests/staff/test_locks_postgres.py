"""Two people acting on one task at once, on PostgreSQL: the second gets a clear message, never a 500."""

import threading

import pytest
from django.db import connection, transaction

from devtools.factories.core import UserFactory
from devtools.factories.workflows import CohortFactory, RegistrationFactory
from workflows.models import RegistrationProcess
from workflows.permissions import Role
from workflows.registration import services
from workflows.registration.flows import ScreeningFlow

pytestmark = pytest.mark.django_db(transaction=True)


def test_claiming_a_task_whose_process_is_locked_says_so_and_works_on_retry(postgres_only, client):
    registration = services.submit(RegistrationFactory.build(cohort=CohortFactory()))
    process = registration.processes.get()
    task = process.task_set.get(flow_task=ScreeningFlow.screen)
    adviser = UserFactory(groups=[Role.ADVISER])
    client.force_login(adviser)
    locked, release = threading.Event(), threading.Event()

    def other_request_holds_the_lock():
        with transaction.atomic():
            RegistrationProcess.objects.select_for_update().get(pk=process.pk)
            locked.set()
            release.wait(60)
        connection.close()

    holder = threading.Thread(target=other_request_holds_the_lock)
    holder.start()
    assert locked.wait(10)
    try:
        refused = client.post(f"/admin/opgaver/{task.pk}/tag/", follow=True)
    finally:
        release.set()
        holder.join()
    assert refused.status_code == 200  # back to the list, with the message
    assert "En anden arbejder på sagen lige nu. Prøv igen om et øjeblik." in refused.content.decode()
    task.refresh_from_db()
    assert task.owner is None

    assert client.post(f"/admin/opgaver/{task.pk}/tag/").status_code == 302
    task.refresh_from_db()
    assert task.owner == adviser
