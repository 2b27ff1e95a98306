"""The deploy kit: the compose file, the systemd units, and a real backup-and-restore round trip."""

import runpy
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
import yaml
from django.conf import settings
from django.core.management import get_commands
from django.db import connection

from core.models import OutboxMessage

DEPLOY = Path(settings.BASE_DIR) / "deploy"


def test_compose_file_is_valid_yaml_naming_every_process():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert {"db", "cache", "migrate", "web", "worker", "scheduler", "proxy"} <= set(services)
    # web, worker and scheduler are separate containers: the page cache they empty must be one Redis
    assert compose["x-app"]["environment"]["CACHE_URL"] == "redis://cache:6379/0"
    assert "gunicorn" in services["web"]["command"]
    assert services["worker"]["command"][-1] == "run_worker"
    assert services["scheduler"]["command"][-1] == "run_scheduler"
    assert "set_site_url" in services["migrate"]["command"][-1]  # canonical links and the sitemap use BASE_URL
    # The processes survive a database restart by themselves; the restart policy is the second line of defence.
    assert compose["x-app"]["restart"] == "unless-stopped"
    assert "./proxy/Caddyfile:/etc/caddy/Caddyfile:ro" in services["proxy"]["volumes"]
    # Only the proxy is published; web listens on the compose network because the image says so.
    assert "ports" not in services["web"] and "GUNICORN_BIND=0.0.0.0:8000" in (DEPLOY / "Dockerfile").read_text()


def test_gunicorn_listens_on_loopback_unless_told_otherwise(monkeypatch):
    """Only the proxy should reach the app: a client that could would write X-Forwarded-For itself."""
    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    assert runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))["bind"] == "127.0.0.1:8000"


@pytest.mark.parametrize("unit", ["peer-web", "peer-worker", "peer-scheduler"])
def test_systemd_units_run_real_commands(unit):
    text = (DEPLOY / "systemd" / f"{unit}.service").read_text()
    exec_start = next(line for line in text.splitlines() if line.startswith("ExecStart="))
    if "manage.py" in exec_start:
        assert exec_start.split("manage.py ")[1].split()[0] in get_commands()
    else:
        assert "gunicorn --config deploy/gunicorn.conf.py config.wsgi:application" in exec_start
    assert "User=peer" in text and "EnvironmentFile=/etc/peer/env" in text
    assert "Restart=always" in text


def _url(dbname):
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{dbname}"


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(postgres_only, tmp_path):
    OutboxMessage.objects.create(recipient="a@example.dk", template="t", subject="Gem mig", body_text="x")
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "rapport.pdf").write_bytes(b"%PDF-1.4 demo")

    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": _url(connection.settings_dict["NAME"]), "MEDIA_ROOT": str(media)}
    backup = subprocess.run(
        [DEPLOY / "backup.sh", tmp_path / "backups"], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert (Path(backup) / "database.dump").stat().st_size > 0

    restored_db = "peer_restore_check"
    admin = psycopg2.connect(_url("postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {restored_db}")
        cursor.execute(f"CREATE DATABASE {restored_db}")
    try:
        restored_media = tmp_path / "restored-media"
        subprocess.run(
            [DEPLOY / "restore.sh", backup],
            env={**env, "DATABASE_URL": _url(restored_db), "MEDIA_ROOT": str(restored_media)},
            capture_output=True, text=True, check=True,
        )
        with psycopg2.connect(_url(restored_db)) as restored, restored.cursor() as cursor:
            cursor.execute("SELECT subject FROM core_outboxmessage")
            assert cursor.fetchall() == [("Gem mig",)]
            cursor.execute("SELECT count(*) FROM wagtailcore_page")
            assert cursor.fetchone()[0] >= 2
        restored.close()
        assert (restored_media / "documents" / "rapport.pdf").read_bytes() == b"%PDF-1.4 demo"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {restored_db}")
        admin.close()


def _pins(lock):
    return dict(line.split(" ")[0].split("==") for line in (Path(settings.BASE_DIR) / lock).read_text().splitlines()
                if "==" in line and not line.startswith((" ", "#")))


def test_production_installs_no_development_tools():
    runtime, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")
    tools = {"pytest", "pytest-django", "playwright", "hypothesis", "ruff", "time-machine", "axe-playwright-python",
             "factory-boy", "wagtail-factories", "faker", "fpdf2", "honcho", "import-linter"}
    assert not tools & set(runtime)
    assert tools <= set(dev)
    assert {name: dev[name] for name in runtime} == runtime  # the same pins: tests run what production runs
    assert "pip install --require-hashes -r /tmp/requirements.lock" in (DEPLOY / "Dockerfile").read_text()


def test_production_settings_leave_the_development_tools_out(tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": "x" * 50, "PATH": "/usr/bin:/bin",
           "VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
                               "print('devtools' in settings.INSTALLED_APPS, 'tests' in settings.INSTALLED_APPS)"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["False", "False"]


def test_both_proxies_hold_slow_clients_themselves():
    """gunicorn's sync workers serve one request each: a proxy must read the whole body before the app sees the
    request, and let go of clients that stall. tests/core/test_proxies.py replays the attack against both."""
    nginx = (DEPLOY / "proxy" / "nginx.conf").read_text()
    for directive in ("client_max_body_size 25m;", "client_header_timeout 10s;", "client_body_timeout 20s;",
                      "send_timeout 30s;", "proxy_request_buffering on;", "proxy_read_timeout 60s;"):
        assert directive in nginx, directive
    caddy = (DEPLOY / "proxy" / "Caddyfile").read_text()
    for directive in ("read_header 10s", "read_body 2m", "max_size 25MB", "request_buffers 25MB",
                      "write_timeout 60s", "read_timeout 60s"):
        assert directive in caddy, directive
    assert "caddy:2" in yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]["proxy"]["image"]


@pytest.mark.parametrize("args", [["http://192.0.2.1:8080"], ["http://10.0.0.1"], ["ftp://127.0.0.1"],
                                  ["http://127.0.0.1:9", "--connections", "51"],
                                  ["http://127.0.0.1:9", "--duration", "601"]])
def test_the_slow_body_check_stays_on_loopback_and_within_bounds(args):
    result = subprocess.run([sys.executable, DEPLOY / "slow_body_check.py", *args], capture_output=True, text=True,
                            timeout=30)
    assert result.returncode == 2 and result.stdout == ""
    assert "loopback only" in result.stderr or "not an http" in result.stderr or "must be" in result.stderr
