"""Pieces the reliability tests share: a throwaway PostgreSQL cluster they may restart at will, and the app
under gunicorn with production settings on loopback.

The cluster is private to the test (its own data directory and port), so restarting it never disturbs the
shared PostgreSQL server other test runs use.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from bench import server

PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None)


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
        shutil.rmtree(self.root, ignore_errors=True)

    def restart(self):
        _as_postgres([PG_BIN / "pg_ctl", "-D", self.datadir, "-l", self.log, "-m", "fast", "-w", "restart", "-o",
                      f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off"])


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


@contextmanager
def gunicorn(env, workers=2):
    port = free_port()
    with server.gunicorn(env, port, workers):
        yield f"http://127.0.0.1:{port}"
