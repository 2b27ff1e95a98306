"""The workspace's SQL queries grow neither with the number of tasks on a page, nor with finished history, nor with
the number of cases: the task lists, the case list and the case page cost the same with 10 cases as with 1,000."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from viewflow.workflow.models import Task

from devtools.factories.core import UserFactory
from devtools.factories.workflows import CohortFactory, ProgrammeFactory, RegistrationFactory
from workflows.models import CaseNote, Municipality, Registration, RegistrationProcess, TaskDeadline
from workflows.registration import services
from workflows.registration.flows import ScreeningFlow
from workflows.staff.cases import TIMELINE_LENGTH
from workflows.staff.panels import HISTORY_LENGTH
from workflows.staff.timeline import timeline

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/admin/opgaver/", "/admin/opgaver/koe/"])
def test_inbox_and_queue_queries_are_constant_from_2_to_20_tasks(client, url):
    adviser = UserFactory(username="raadgiver", groups=["Advisers"])
    UserFactory(username="kollega", groups=["Advisers"])
    client.force_login(adviser)
    cohort = CohortFactory()
    municipalities = iter(Municipality.objects.order_by("pk"))

    def add_tasks(count):
        for _ in range(count):
            services.submit(RegistrationFactory(cohort=cohort, municipality=next(municipalities)))
        if "koe" not in url:
            Task.objects.filter(owner__isnull=True, status="NEW").update(owner=adviser, status="ASSIGNED")

    add_tasks(2)
    _queries(client, url)  # warm caches
    few = _queries(client, url)
    add_tasks(18)
    assert _queries(client, url) == few


@pytest.mark.parametrize("url", ["/admin/opgaver/", "/admin/opgaver/koe/"])
def test_inbox_and_queue_do_not_grow_with_finished_history(client, url):
    """Finished processes (the archive) neither add queries nor slow the list: no query of the list reads
    viewflow's process table, which holds every process ever run."""
    adviser = UserFactory(username="raadgiver", groups=["Advisers"])
    client.force_login(adviser)
    cohort = CohortFactory()
    for code in ("aarhus", "odense"):
        services.submit(RegistrationFactory(cohort=cohort, municipality=Municipality.objects.get(code=code)))
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


def _cases(count, adviser, start=0):
    """`count` cases, each with an open screening task (in `adviser`'s inbox for every other one) and a due date:
    the rows the lists read, made directly so that a thousand take seconds."""
    municipalities = list(Municipality.objects.order_by("pk"))
    cases = []
    for index in range(start, start + count):
        programme_index, municipality = divmod(index, len(municipalities))
        cohort = CohortFactory(programme=ProgrammeFactory(slug=f"program-{programme_index}")) if (
            index % len(municipalities) == 0 or not cases) else cases[-1].cohort
        registration = RegistrationFactory(cohort=cohort, programme=cohort.programme,
                                           municipality=municipalities[municipality])
        process = RegistrationProcess.objects.create(flow_class=ScreeningFlow, registration=registration)
        owner = adviser if index % 2 else None
        task = Task.objects.create(process=process, flow_task=ScreeningFlow.screen, flow_task_type="HUMAN",
                                   status="ASSIGNED" if owner else "NEW", owner=owner,
                                   owner_permission="workflows.screen_registration")
        TaskDeadline.objects.create(task=task, due_at=timezone.now())
        cases.append(registration)
    return cases


@pytest.mark.parametrize("url", ["/admin/opgaver/", "/admin/opgaver/koe/", "/admin/opgaver/alle/", "/admin/sager/",
                                 "/admin/sager/{case}/", "/admin/opgaver/{task}/"])
def test_workspace_pages_cost_the_same_with_10_and_1000_cases(client, url):
    coordinator = UserFactory(username="koordinator", groups=["Coordinators"])
    client.force_login(coordinator)
    first = _cases(10, coordinator)
    task = Task.objects.filter(owner=coordinator).first()
    path = url.format(case=first[0].pk, task=task.pk)
    _queries(client, path)  # warm caches
    with_10 = _queries(client, path)
    _cases(990, coordinator, start=10)
    assert Registration.objects.count() == 1000
    assert _queries(client, path) == with_10


def test_the_history_panel_reads_only_the_newest_events_of_a_long_case(client):
    """The task screen's history panel shows the newest few events; with a `limit`, each kind is read newest first
    and cut in SQL, and the result is exactly the start of the whole timeline."""
    adviser = UserFactory(username="raadgiver", groups=["Advisers"])
    registration = RegistrationFactory(cohort=CohortFactory())
    start = timezone.now()
    for day in range(30):
        process = RegistrationProcess.objects.create(flow_class=ScreeningFlow, registration=registration,
                                                     status="DONE", finished=start + timedelta(days=day))
        Task.objects.create(process=process, flow_task=ScreeningFlow.screen, flow_task_type="HUMAN", status="DONE",
                            owner=adviser, owner_permission="workflows.screen_registration",
                            finished=start + timedelta(days=day))
        CaseNote.objects.create(registration=registration, author=adviser, text=f"Note {day}")
    with CaptureQueriesContext(connection) as captured:
        newest = timeline(registration, limit=HISTORY_LENGTH)
    assert newest == timeline(registration)[:HISTORY_LENGTH]
    assert all(" LIMIT " in query["sql"] for query in captured if '"viewflow_task"' in query["sql"] or (
        '"workflows_casenote"' in query["sql"]))

    # The case page's timeline tab likewise shows the newest 40 of these 61 events, and all of them on request.
    client.force_login(adviser)

    def events(query=""):
        html = client.get(f"/admin/sager/{registration.pk}/{query}").content.decode()
        listed = re.search(r'data-testid="timeline">(.*?)</ol>', html, re.S).group(1)
        return listed.count("<li"), "Vis hele tidslinjen" in html

    assert events() == (TIMELINE_LENGTH, True)
    assert events("?tidslinje=hele") == (61, False)


def test_the_case_list_counts_open_and_overdue_tasks_and_filters_on_them(client):
    coordinator = UserFactory(username="koordinator", groups=["Coordinators"])
    client.force_login(coordinator)
    overdue, later, finished = _cases(3, coordinator)
    TaskDeadline.objects.filter(task__process__registrationprocess__registration=later).update(
        due_at=timezone.now() + timedelta(days=3))
    Task.objects.filter(process__registrationprocess__registration=finished).update(
        status="DONE", finished=timezone.now())
    for _ in range(3):  # history counts for nothing
        process = RegistrationProcess.objects.create(flow_class=ScreeningFlow, registration=overdue, status="DONE")
        Task.objects.create(process=process, flow_task=ScreeningFlow.screen, flow_task_type="HUMAN", status="DONE",
                            finished=timezone.now(), owner_permission="workflows.screen_registration")

    def rows(query=""):
        response = client.get(f"/admin/sager/?export=csv{query}")
        export = b"".join(response.streaming_content).decode("utf-8-sig")
        table = list(csv.DictReader(io.StringIO(export), delimiter=";"))  # a coordinator's has contact columns too
        return {row["Kommune"]: [row["Åbne opgaver"], row["Overskredne opgaver"]] for row in table}

    assert rows() == {overdue.municipality.name: ["1", "1"], later.municipality.name: ["1", "0"],
                      finished.municipality.name: ["0", "0"]}
    assert list(rows("&overdue=on")) == [overdue.municipality.name]
    assert list(rows("&ordering=-open_tasks"))[-1] == finished.municipality.name
