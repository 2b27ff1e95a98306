"""Pieces the reliability tests share: a throwaway PostgreSQL cluster they may stop and restart at will, a
throwaway Redis, and the app's processes (gunicorn with production settings, the worker, the scheduler) on loopback.

The cluster and the Redis are private to the test run (their own data directory and port), so stopping them never
disturbs the shared servers other test runs use.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings

from bench import server

PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None)
REDIS_SERVER = shutil.which("redis-server")

# Tests that start servers of their own (gunicorn, proxies, databases) wait for them with time.sleep, which fails
# with EINVAL under libfaketime's preload with FAKETIME_DONT_FAKE_MONOTONIC (the suite run with the clock a year
# ahead). They do not test dates; CI runs them on the real clock after that run (.ci/run).
REAL_CLOCK = pytest.mark.skipif("libfaketime" in os.environ.get("LD_PRELOAD", ""),
                                reason="starts servers of its own, which libfaketime's preload does not suit: runs "
                                       "on the real clock (CI does)")

RELIABILITY = [
    REAL_CLOCK,
    pytest.mark.skipif(PG_BIN is None, reason="PostgreSQL server binaries not installed"),
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="reliability runs with the PostgreSQL suite (DATABASE_URL)"),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(args, **kwargs):
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run(prefix + [str(a) for a in args], check=True, capture_output=True, text=True, **kwargs)


class Cluster:
    def __init__(self):
        # Its own folder directly under /tmp: pytest's tmp folders are private to root, and postgres must enter it.
        self.root = Path(tempfile.mkdtemp(prefix="peer-pg-"))
        self.datadir = self.root / "pgdata"
        self.port = free_port()
        self.log = self.root / "postgres.log"

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/peer"

    def init(self):
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
        _as_postgres([PG_BIN / "initdb", "-D", self.datadir, "-U", "postgres", "--auth=trust", "-E", "UTF8"])
        self.start()
        _as_postgres([PG_BIN / "createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", "peer"])

    def start(self):
        _as_postgres([PG_BIN / "pg_ctl", "-D", self.datadir, "-l", self.log, "-w", "-o",
                      f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off", "start"])

    def stop(self):
        _as_postgres([PG_BIN / "pg_ctl", "-D", self.datadir, "-m", "fast", "-w", "stop"])

    def remove(self):
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def restart(self):
        _as_postgres([PG_BIN / "pg_ctl", "-D", self.datadir, "-l", self.log, "-m", "fast", "-w", "restart", "-o",
                      f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off"])


    def query(self, sql, params=()):
        """Run one statement in a connection of its own; the rows it returns, if any."""
        with psycopg2.connect(self.url) as db, db.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall() if cursor.description else None
        db.close()
        return rows

    def outage(self, seconds):
        """Stop the server (cutting every connection), keep it down for `seconds`, start it again."""
        self.stop()
        time.sleep(seconds)
        self.start()


@contextmanager
def redis():
    """A Redis of our own on a free port, nothing on disk; yields its base URL (add the database number)."""
    port = free_port()
    process = subprocess.Popen([REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no"], stdout=subprocess.DEVNULL)
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def app_env(database_url):
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.bench", DATABASE_URL=database_url,
               VAR_DIR=str(Path(settings.BASE_DIR) / "var" / "reliability"))
    return env


def manage(env, *args):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env,
                            capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


SEED_PROGRAMME = """
import json
from devtools.factories.cms import ProgrammePageFactory
from cms.models import HomePage, SiteSettings
from devtools.factories.workflows import CohortFactory, ProgrammeFactory
from workflows.models import Municipality
SiteSettings.load()  # as on a site that has served pages: the first page view does not create them (and retire pages)
cohort = CohortFactory(programme=ProgrammeFactory(slug={slug!r}, capacity={capacity!r}))
page = ProgrammePageFactory(parent=HomePage.objects.get(), programme=cohort.programme, slug={slug!r})
print(json.dumps({{"slug": cohort.programme.slug, "cohort": cohort.pk, "page": page.url,
                  "municipalities": list(Municipality.objects.values_list("pk", "code"))}}))
"""


def seed_programme(env, slug, capacity):
    """A programme with one open cohort and its public page; returns what a load test needs to register."""
    output = manage(env, "shell", "-c", SEED_PROGRAMME.format(slug=slug, capacity=capacity))
    return json.loads(output.strip().splitlines()[-1])


@contextmanager
def gunicorn(env, workers=2):
    port = free_port()
    with server.gunicorn(env, port, workers):
        yield f"http://127.0.0.1:{port}"


def wait_until(condition, seconds):
    """Poll `condition` until it holds or `seconds` have passed; its last value."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.2)
    return condition()


def procfile_command(name):
    """The `manage.py` arguments `make run` starts process `name` with (deploy/Procfile.dev)."""
    for line in (Path(settings.BASE_DIR) / "deploy" / "Procfile.dev").read_text().splitlines():
        if line.startswith(f"{name}:"):
            return line.split("manage.py", 1)[1].split()
    raise LookupError(name)


@contextmanager
def background(env, *args):
    """`manage.py <args>` running beside the test (a worker, a scheduler); `process.log` is the file of what it
    printed. Stopped with SIGTERM at the end, as a process supervisor would."""
    descriptor, log = tempfile.mkstemp(prefix="peer-", suffix=".log")
    process = subprocess.Popen([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env,
                               stdout=descriptor, stderr=subprocess.STDOUT)
    os.close(descriptor)
    process.log = Path(log)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)
        process.log.unlink()
