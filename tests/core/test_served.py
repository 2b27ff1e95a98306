"""The app as deployed: gunicorn with deploy/gunicorn.conf.py, production settings, three workers, behind one proxy
(PROXY_COUNT=1), on the suite's database vendor (a private SQLite file, or the PostgreSQL test database), with its
access and error logs in files (Django's own log goes to the error log)."""

import os
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection

from bench import server
from cms.models import Subscriber
from tests.reliability.harness import REAL_CLOCK, free_port
from workflows.meetings import links as meeting_links
from workflows.models import MeetingSignup, Registration
from workflows.registration import links

pytestmark = [pytest.mark.django_db(transaction=True), REAL_CLOCK]  # the app's own processes must see what is committed
LIMIT = 5
MESSAGE = "Du har sendt formularen mange gange på kort tid."


@dataclass
class App:
    url: str
    sqlite_path: Path | None
    access_log: Path
    error_log: Path

    def count(self, model):
        if self.sqlite_path is None:
            return model.objects.count()
        with sqlite3.connect(self.sqlite_path) as db:
            return db.execute(f"SELECT count(*) FROM {model._meta.db_table}").fetchone()[0]


def _database(tmp, env):
    """The suite's PostgreSQL test database, or a fresh SQLite file (the suite's own lives in memory)."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        return f"postgres://{db['USER']}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}", None
    path = tmp / "db.sqlite3"
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=settings.BASE_DIR, check=True,
                   env={**env, "DATABASE_URL": f"sqlite:///{path}"}, capture_output=True)
    return f"sqlite:///{path}", path


@pytest.fixture(scope="module")
def app(django_db_setup, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("served")
    env = {
        "PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "served-test-Vx8kQ2mL7pR4tZ9wB3nC6yH1jF5gD0sA", "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0", "VAR_DIR": str(tmp), "EMAIL_PROVIDER": "console",
        "PROXY_COUNT": "1", "PUBLIC_FORM_RATE_LIMIT": str(LIMIT),
        "GUNICORN_CMD_ARGS": f"--access-logfile {tmp}/access.log --error-logfile {tmp}/error.log --capture-output",
    }
    env["DATABASE_URL"], sqlite_path = _database(tmp, env)
    port = free_port()
    with server.gunicorn(env, port, workers=3):
        yield App(f"http://127.0.0.1:{port}", sqlite_path, tmp / "access.log", tmp / "error.log")


def test_every_worker_counts_towards_one_limit(app):
    """Twenty sign-ups from one visitor, six at a time so all three workers serve some: exactly five are accepted.
    The visitor rotates the part of X-Forwarded-For it writes itself; the proxy's entry stays its address."""

    def sign_up(n):
        return requests.post(f"{app.url}/nyhedsbrev/", data={"email": f"besoeg{n}@example.dk"}, timeout=30,
                             headers={"X-Forwarded-For": f"203.0.113.{n}, 198.51.100.7"}, allow_redirects=False)

    with ThreadPoolExecutor(max_workers=6) as pool:
        responses = list(pool.map(sign_up, range(20)))
    assert [r.status_code for r in responses].count(302) == LIMIT
    assert sum(r.status_code == 200 and MESSAGE in r.text for r in responses) == 20 - LIMIT
    assert app.count(Subscriber) == LIMIT


def test_link_tokens_stay_out_of_the_logs_which_name_the_visitor(app):
    status = links.status_token(Registration(pk=4711))
    cancel = meeting_links.cancel_url(MeetingSignup(pk=4712)).rsplit("/", 2)[1]
    visitor = {"X-Forwarded-For": "203.0.113.9, 198.51.100.23"}  # the proxy appended the visitor's address
    for path in (f"/forloeb/status/{status}/", f"/forloeb/status/{status}/kalender/opstart.ics",
                 f"/forloeb/moeder/afmeld/{cancel}/?fra=mail"):
        referer = f"https://peer.example.dk/forloeb/status/{status}/"
        assert requests.get(app.url + path, headers={**visitor, "Referer": referer}, timeout=30).status_code == 404

    for _ in range(50):  # gunicorn writes the access line after the response
        access = app.access_log.read_text()
        lines = [line for line in access.splitlines() if '"GET /forloeb/' in line]
        if len(lines) >= 3:
            break
        time.sleep(0.1)
    errors = app.error_log.read_text()
    assert "Not Found: /forloeb/status/[redacted]/" in errors  # Django's request log
    assert len(lines) == 3 and all(line.startswith("198.51.100.23 ") for line in lines)
    assert '"GET /forloeb/status/[redacted]/kalender/opstart.ics HTTP/1.1" 404' in access
    assert '"GET /forloeb/moeder/afmeld/[redacted]/?fra=mail HTTP/1.1" 404' in access
    assert '"https://peer.example.dk/forloeb/status/[redacted]/"' in access  # the referer
    for token in (status, cancel):
        assert token not in access and token not in errors
