"""`make run` on a machine where port 8000 is taken: `make run PORT=8100` serves there, and BASE_URL (links in every
email, the Site record) follows the port unless it is set."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from honcho.environ import expand_processes, parse_procfile

ROOT = Path(settings.BASE_DIR)


def make_run_commands(*args, **environ):
    """The commands `make run` would run (a dry run: nothing is installed or started)."""
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    env = {key: value for key, value in os.environ.items() if key not in {"PORT", "BASE_URL"}}
    result = subprocess.run(["make", "-n", "run", *args], cwd=ROOT, env={**env, **environ},
                            capture_output=True, text=True, check=True)
    return result.stdout


def test_make_run_passes_the_port_and_a_matching_base_url_to_every_process():
    commands = make_run_commands("PORT=8100")
    assert "BASE_URL='http://127.0.0.1:8100' .venv/bin/python manage.py load_demo" in commands
    honcho = ".venv/bin/honcho -f deploy/Procfile.dev start"
    assert f"PORT='8100' BASE_URL='http://127.0.0.1:8100' SITE_PORT='8100' {honcho}" in commands


def test_make_run_defaults_to_port_8000_and_keeps_a_base_url_from_the_environment():
    assert "PORT='8000' BASE_URL='http://127.0.0.1:8000'" in make_run_commands()
    commands = make_run_commands("PORT=8100", BASE_URL="https://peer.example.dk")
    assert "PORT='8100' BASE_URL='https://peer.example.dk'" in commands


def test_the_web_process_listens_on_the_port_honcho_is_given():
    """honcho gives each process its own PORT (the first the base port, the next ones +100, +200); the web server is
    the first and uses it, so it serves on the port `make run` was given."""
    processes = parse_procfile((ROOT / "deploy" / "Procfile.dev").read_text()).processes
    web = next(p for p in expand_processes(processes, env={"PORT": "8100"}) if p.name.startswith("web"))
    assert web.env["PORT"] == "8100"
    assert web.cmd.endswith("runserver 127.0.0.1:$PORT")


def test_the_demo_accounts_come_last_once_the_site_is_up():
    """`make run` lists the accounts after the processes' start-up output, not before it (setup leaves them out)."""
    commands = make_run_commands("PORT=8100")
    assert "manage.py load_demo --no-accounts" in commands
    processes = parse_procfile((ROOT / "deploy" / "Procfile.dev").read_text()).processes
    assert processes["accounts"].endswith("manage.py demo_accounts --when-ready $SITE_PORT")
