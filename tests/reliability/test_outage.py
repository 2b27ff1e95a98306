"""A database outage under load, with every process of a deployment running: gunicorn with production settings,
the worker and the scheduler as `make run` starts them (deploy/Procfile.dev), against a private PostgreSQL cluster
that is stopped for a few seconds in the middle of a burst of registrations."""

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from bench import load
from tests.support.fake_esp import FakePostmark

from .harness import (
    RELIABILITY,
    app_env,
    background,
    gunicorn,
    manage,
    procfile_command,
    seed_programme,
    wait_until,
)

pytestmark = RELIABILITY


def _outbox(cluster, since):
    """The emails queued since message `since`, by status: this module's own. An earlier module's registration
    committed while PostgreSQL restarted can leave its email queued without a task, for `core.requeue_overdue_email`
    to pick up after its ten minutes' grace; that one is not this module's to wait for."""
    return dict(cluster.query(
        "SELECT status, count(*) FROM core_outboxmessage WHERE id > %s GROUP BY status", [since]))


@pytest.fixture(scope="module")
def since(cluster):
    [[last]] = cluster.query("SELECT coalesce(max(id), 0) FROM core_outboxmessage")
    return last


class HealthProbe(threading.Thread):
    """Asks /health/ready five times a second, as a load balancer does, and keeps every answer."""

    def __init__(self, base):
        super().__init__(daemon=True)
        self.base, self.answers, self.stopping = base, [], threading.Event()

    def run(self):
        while not self.stopping.wait(0.2):
            try:
                response = requests.get(self.base + "/health/ready", timeout=5)
                self.answers.append((response.status_code, response.json()))
            except requests.RequestException:
                self.answers.append((None, None))


def test_worker_and_scheduler_ride_out_a_database_outage_and_visitors_get_503(cluster, since, capsys):
    env = {**app_env(cluster.url), "EMAIL_PROVIDER": "file"}
    plan = seed_programme(env, "nedbrud", capacity=200)
    answers = []

    def register(pk, code):
        session = requests.Session()
        session.hooks["response"].append(lambda response, **kwargs: answers.append(response.status_code))
        try:
            return load.register(base, plan["slug"], plan["cohort"], pk, code, session=session)
        except requests.RequestException:
            return False

    with (
        gunicorn(env) as base,
        background(env, *procfile_command("worker")) as worker,
        background(env, *procfile_command("scheduler"), "--interval", "1", "--verbosity", "1") as scheduler,
    ):
        probe = HealthProbe(base)
        probe.start()
        with ThreadPoolExecutor(max_workers=8) as pool:
            municipalities = plan["municipalities"]
            futures = []
            for index, (pk, code) in enumerate(municipalities):
                futures.append(pool.submit(register, pk, code))
                if index == len(municipalities) // 4:
                    outage = pool.submit(cluster.outage, 3)
                time.sleep(0.1)  # a steady stream of submissions before, during and after the outage
            accepted = sum(future.result() for future in futures)
            outage.result()
        probe.stopping.set()
        probe.join()

        alive = {"worker": worker.poll() is None, "scheduler": scheduler.poll() is None}
        assert all(alive.values()), f"{alive}\n{worker.log.read_text()[-3000:]}\n{scheduler.log.read_text()[-3000:]}"
        delivered = wait_until(lambda: "queued" not in _outbox(cluster, since), 60)
        outbox = _outbox(cluster, since)

        # The scheduler carries on too: a job made due now runs within moments.
        runs = scheduler.log.read_text().count("ran core.requeue_overdue_email")
        cluster.query("UPDATE core_scheduledjob SET next_run_at = now() WHERE name = 'core.requeue_overdue_email'")
        scheduler_ran = wait_until(
            lambda: scheduler.log.read_text().count("ran core.requeue_overdue_email") > runs, 15
        )

    health = Counter(status for status, _body in probe.answers)
    with capsys.disabled():
        print(f"\n[reliability] database down 3 s under load: {len(municipalities)} registrations, {accepted} "
              f"accepted; statuses {dict(Counter(answers))}, /health/ready {dict(health)}; outbox {outbox}")
    assert 500 not in answers and 503 in answers, "the outage must answer 503 'try again in a moment', never 500"
    assert 500 not in health
    assert (503, {"status": "database unavailable", "database": "unavailable"}) in probe.answers
    assert delivered, f"emails still queued after the outage: {outbox}\n{worker.log.read_text()[-3000:]}"
    assert outbox.get("sent", 0) >= accepted > 0
    assert scheduler_ran, scheduler.log.read_text()[-3000:]


QUEUE_ONE_EMAIL = """
from core.email import send_email
print(send_email(to="afbrudt@example.dk", template="test_message", context={}).pk)
"""


def test_a_task_cut_off_by_the_outage_runs_again_as_soon_as_the_database_is_back(cluster, since):
    """The worker is in the middle of sending when PostgreSQL stops; the provider never answers that request."""
    fake_esp = FakePostmark().start()
    env = {**app_env(cluster.url), **fake_esp.environment()}
    with background(env, *procfile_command("worker")) as worker:
        assert wait_until(lambda: "queued" not in _outbox(cluster, since), 60)  # nothing else waiting ahead of it
        fake_esp.hanging.set()
        message = int(manage(env, "shell", "-c", QUEUE_ONE_EMAIL).strip().splitlines()[-1])
        assert fake_esp.hung.wait(30)
        cluster.stop()
        fake_esp.hanging.clear()  # the request fails; the worker cannot record anything, the database is gone
        time.sleep(1)
        cluster.start()
        sent = wait_until(lambda: cluster.query(
            "SELECT status, attempts FROM core_outboxmessage WHERE id = %s", [message]) == [("sent", 1)], 30)
        alive = worker.poll() is None
        log = worker.log.read_text()[-3000:]
    fake_esp.stop()
    assert alive and sent, log
    assert [received["To"] for received in fake_esp.received].count("afbrudt@example.dk") == 1
