"""The path past one machine, exercised: two app hosts (gunicorn with production settings, twice) sharing
PostgreSQL and one Redis that holds both the page cache (CACHE_URL) and the task queue (RQ), an RQ worker, and two
schedulers, all configured by the environment alone as deploy/README.md describes."""

import re
import time
from collections import Counter
from pathlib import Path

import pytest
import requests
from django.conf import settings

from bench import load
from core.scheduler import discover

from .harness import REDIS_SERVER, RELIABILITY, app_env, background, gunicorn, redis, seed_programme, wait_until

pytestmark = [
    *RELIABILITY,
    pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server not installed (apt-get install redis-server)"),
]

SCHEDULER = ("run_scheduler", "--interval", "1")


def _documented_rq_worker():
    """The RQ worker's command exactly as deploy/README.md tells operators to run it."""
    readme = (Path(settings.BASE_DIR) / "deploy" / "README.md").read_text()
    return re.search(r"`python manage\.py (rqworker [^`]+)`", readme).group(1).split()


def _seats_left(base, page):
    """The seats figure on the public programme page, and whether the page cache served it. Asked for under the one
    public host name, as a load balancer in front of both hosts passes it on."""
    response = requests.get(base + page, headers={"Host": "localhost"}, timeout=10)
    response.raise_for_status()
    seats = re.search(r"(\d+) plads(?:er)? tilbage i programmet", response.text)
    return int(seats.group(1)), response.headers.get("X-Page-Cache")


def _runs(schedulers, since):
    """Jobs the schedulers report having run, each counted, from the given position in each one's output on."""
    return Counter(
        line.removeprefix("ran ")
        for scheduler, start in zip(schedulers, since, strict=True)
        for line in scheduler.log.read_text()[start:].splitlines()
        if line.startswith("ran ")
    )


def test_two_app_hosts_share_the_database_the_page_cache_and_the_task_queue(cluster, capsys):
    once_each = Counter(discover().keys())
    with redis() as redis_url:
        env = {**app_env(cluster.url), "EMAIL_PROVIDER": "file", "CACHE_URL": f"{redis_url}/0",
               "TASKS_BACKEND": "django_tasks_rq.RQBackend", "RQ_URL": f"{redis_url}/1"}
        plan = seed_programme(env, "to-vaerter", capacity=30)
        cluster.query("DELETE FROM core_scheduledjob")  # every job is due when the schedulers start
        [[last_email]] = cluster.query("SELECT coalesce(max(id), 0) FROM core_outboxmessage")
        with (
            gunicorn(env) as host_a,
            gunicorn(env) as host_b,
            background(env, *_documented_rq_worker()) as worker,
            background(env, *SCHEDULER) as scheduler_1,
            background(env, *SCHEDULER) as scheduler_2,
        ):
            seats, _ = _seats_left(host_b, plan["page"])
            assert _seats_left(host_b, plan["page"]) == (seats, "hit")
            assert _seats_left(host_a, plan["page"]) == (seats, "hit")  # one cache for both hosts

            [(municipality, code), *_] = plan["municipalities"]
            assert load.register(host_a, plan["slug"], plan["cohort"], municipality, code)
            # The seat taken on host A retired host B's cached page at once.
            assert _seats_left(host_b, plan["page"]) == (seats - 1, "miss")

            def emails():
                return cluster.query("SELECT status FROM core_outboxmessage WHERE id > %s", [last_email])

            delivered = wait_until(lambda: emails() and all(status == "sent" for (status,) in emails()), 30)

            # Two rounds: every job due as the schedulers start, then every job due again while both are polling.
            schedulers = (scheduler_1, scheduler_2)
            wait_until(lambda: _runs(schedulers, (0, 0)).keys() == once_each.keys(), 30)
            first_round = _runs(schedulers, (0, 0))
            since = [len(scheduler.log.read_text()) for scheduler in schedulers]
            cluster.query("UPDATE core_scheduledjob SET next_run_at = now()")
            wait_until(lambda: _runs(schedulers, since).keys() == once_each.keys(), 30)
            time.sleep(2)  # both schedulers look again, twice: nothing more may run
            second_round = _runs(schedulers, since)
            split = [_runs([scheduler], [start]).total() for scheduler, start in zip(schedulers, since, strict=True)]
            alive = [process.poll() is None for process in (worker, *schedulers)]
            logs = [process.log.read_text()[-2000:] for process in (worker, *schedulers)]

    with capsys.disabled():
        print(f"\n[reliability] two app hosts, Redis page cache and RQ: seats {seats} -> {seats - 1} seen on the "
              f"other host at once; emails {emails()}; {len(once_each)} jobs due for two schedulers ran once each "
              f"({split[0]} in one, {split[1]} in the other)")
    assert all(alive), logs
    assert delivered, logs[0]
    assert first_round == second_round == once_each, logs[1:]
