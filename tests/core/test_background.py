"""Background work: the task queue's worker and the periodic-job scheduler."""

import subprocess
import sys
import time
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.test.utils.form_data import nested_form_data, rich_text

from cms.models import HomePage
from core import scheduler
from core.email import send_email
from core.models import ScheduledJob
from devtools.factories.core import UserFactory
from tests.reliability.harness import app_env
from tests.support.fake_esp import FakePostmark
from tests.support.flows import WaitADayFlow

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.mark.django_db(transaction=True)
def test_task_enqueued_by_a_request_runs_in_the_worker(client, settings):
    """Publishing a page in the admin enqueues Wagtail's reference-index task; the worker runs it."""
    settings.TASKS = DB_QUEUE
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    home = HomePage.objects.get()
    response = client.post(
        f"/admin/pages/{home.pk}/edit/",
        nested_form_data({
            "title": "Forside", "slug": home.slug, "heading": home.heading, "intro": rich_text("<p>Ny tekst</p>"),
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
            "action-publish": "publish",
        }),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    queued = DBTaskResult.objects.filter(status="READY")
    assert queued.exists()
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
    assert DBTaskResult.objects.filter(task_path__endswith="update_reference_index_task").exists()


@pytest.mark.django_db
def test_scheduler_fires_due_viewflow_timers():
    process = WaitADayFlow.start.run()
    timer = process.task_set.get(flow_task=WaitADayFlow.wait)
    assert timer.status == "SCHEDULED"

    scheduler.run_due_jobs()  # the timer is not due yet
    timer.refresh_from_db()
    assert timer.status == "SCHEDULED"

    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=2)):
        ran = scheduler.run_due_jobs()
    assert "viewflow.workflow_timers" in ran
    process.refresh_from_db()
    assert process.status == "DONE"


@pytest.mark.django_db
def test_each_job_runs_once_per_interval_and_a_failing_job_does_not_stop_others(monkeypatch):
    calls = []
    monkeypatch.setattr(scheduler, "registry", {})
    scheduler.periodic(name="ok", minutes=5)(lambda: calls.append("ok"))
    scheduler.periodic(name="broken", minutes=5)(lambda: 1 / 0)
    monkeypatch.setattr(scheduler, "discover", lambda: scheduler.registry)

    now = timezone.now()
    assert sorted(scheduler.run_due_jobs(now)) == ["broken", "ok"]
    assert scheduler.run_due_jobs(now + timedelta(minutes=1)) == []  # not due again yet
    assert sorted(scheduler.run_due_jobs(now + timedelta(minutes=6))) == ["broken", "ok"]
    assert calls == ["ok", "ok"]
    assert "ZeroDivisionError" in ScheduledJob.objects.get(name="broken").last_error


@pytest.mark.django_db
def test_scheduler_command_runs_once(capsys):
    call_command("run_scheduler", once=True)  # names each job it ran, for operators
    out = capsys.readouterr().out
    assert "ran viewflow.workflow_timers" in out and "ran wagtail.publish_scheduled" in out


@pytest.mark.django_db
def test_the_scheduler_is_quiet_under_make_run(capsys):
    call_command("run_scheduler", once=True, verbosity=0)  # deploy/Procfile.dev
    assert "ran " not in capsys.readouterr().out


def _worker(fake_esp):
    """`manage.py run_worker` as deployed, in a process of its own, on the test database, sending to `fake_esp`."""
    db = connection.settings_dict
    env = {**app_env(f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"),
           **fake_esp.environment()}
    return subprocess.Popen([sys.executable, "manage.py", "run_worker"], cwd=django_settings.BASE_DIR, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.mark.django_db(transaction=True)
def test_a_task_left_running_by_a_killed_worker_runs_again_within_minutes(postgres_only, settings):
    settings.TASKS = DB_QUEUE
    fake_esp = FakePostmark().start()
    fake_esp.hanging.set()
    message = send_email(to="kommune@example.dk", template="test_message", context={})
    worker = _worker(fake_esp)
    reached_the_provider = fake_esp.hung.wait(60)
    worker.kill()  # SIGKILL in the middle of the delivery: no chance to record anything
    worker.wait()
    assert reached_the_provider, worker.stderr.read().decode()[-3000:]
    task = DBTaskResult.objects.get()
    assert task.status == "RUNNING"
    message.refresh_from_db()
    assert message.status == "queued" and message.attempts == 0  # its transaction died with the worker

    scheduler.run_due_jobs()  # a moment later: the task might still be running, so it is left alone
    task.refresh_from_db()
    assert task.status == "RUNNING"
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.TASK_STALE_SECONDS + 60)):
        scheduler.run_due_jobs()  # long past any normal run time, well before the overdue-email sweep (10 min)
    task.refresh_from_db()
    assert task.status == "READY"

    fake_esp.hanging.clear()
    worker = _worker(fake_esp)
    try:
        deadline = time.monotonic() + 60
        while message.status == "queued" and time.monotonic() < deadline:
            time.sleep(0.2)
            message.refresh_from_db()
    finally:
        worker.terminate()
        worker.wait()
        fake_esp.stop()
    assert message.status == "sent" and message.attempts == 1
    assert [received["To"] for received in fake_esp.received] == ["kommune@example.dk"]
