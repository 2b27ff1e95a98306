"""The shipped proxy configs (deploy/proxy/) run for real on loopback, in front of an app on loopback.

Each config is used as shipped, with only what ties it to a host changed: addresses and ports, the folders it serves
from, its log file, and no TLS (nginx's certificate lines go; Caddy gets an http:// site address, no admin endpoint,
and `skip_install_trust`, so it never adds a certificate authority to the machine's trust store). Every change names
the text it replaces, so a config that no longer has it fails the test instead of being run half-changed. nginx runs
as one process (`master_process off`) as the user running the tests; Caddy with its data in the test's folder.

nginx and Caddy are Debian packages (`apt-get install nginx caddy`). Without them the tests that need them are
skipped with that reason, except under CI=true, where a missing proxy fails the run.
"""

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
PROXIES = ("nginx", "caddy")


def binary(name):
    """The path of `name`, or skip (fail under CI=true) when it is not installed."""
    path = shutil.which(name)
    if not path:
        message = f"{name} is not installed (apt-get install {name}); the test of deploy/proxy/ with it is not run"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _replace(text, old, new, count=1):
    found = text.count(old)
    assert found == count, f"deploy/proxy/ changed: expected {count} of {old!r}, found {found}"
    return text.replace(old, new)


def caddy_version():
    output = subprocess.run([binary("caddy"), "version"], capture_output=True, text=True, check=True).stdout
    return tuple(int(part) for part in re.match(r"v?(\d+)\.(\d+)\.(\d+)", output.strip()).groups())


def nginx_config(folder, port, app_port, media, static):
    site = (DEPLOY / "proxy" / "nginx.conf").read_text()
    site = _replace(site, "listen 80;", f"listen 127.0.0.1:{free_port()};")
    site = _replace(site, "listen 443 ssl http2;", f"listen 127.0.0.1:{port};")
    site = _replace(site, "    ssl_certificate /etc/letsencrypt/live/peer.example.dk/fullchain.pem;\n", "")
    site = _replace(site, "    ssl_certificate_key /etc/letsencrypt/live/peer.example.dk/privkey.pem;\n", "")
    site = _replace(site, "server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};")
    site = _replace(site, "/var/log/nginx/access.log", f"{folder}/access.log", count=2)
    site = _replace(site, "/srv/peer/static/", f"{static}/")
    site = _replace(site, "/srv/peer/media/", f"{media}/", count=3)
    temp = "\n".join(f"    {kind}_temp_path {folder}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi",
                                                                            "scgi"))
    # What Debian's /etc/nginx/nginx.conf puts around a site, in the test's folder.
    return f"""daemon off;
master_process off;
pid {folder}/nginx.pid;
error_log {folder}/error.log info;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
{temp}
{site}
}}
"""


def caddy_config(port, app_port, media, static):
    """The Caddyfile, and the environment it runs with (SITE_ADDRESS)."""
    text = (DEPLOY / "proxy" / "Caddyfile").read_text()
    text = _replace(text, "\n{\n", "\n{\n\tadmin off\n\tskip_install_trust\n")  # nothing outside the folder
    text = _replace(text, "reverse_proxy web:8000", f"reverse_proxy 127.0.0.1:{app_port}")
    text = _replace(text, "root * /srv/static", f"root * {static}")
    text = _replace(text, "root * /srv/media\n", f"root * {media}\n")
    text = _replace(text, "root * /srv/media/documents", f"root * {media}/documents")
    if caddy_version() < (2, 6, 4):
        # Debian 12 has Caddy 2.6.2, older than `request_buffers <size>` (2.6.4; the compose file's caddy:2 has it).
        # There the same thing is spelt `buffer_requests`: the whole body, bounded by request_body's max_size.
        text = re.sub(r"request_buffers \S+", "buffer_requests", text)
    return text, {"SITE_ADDRESS": f"http://127.0.0.1:{port}"}


def _wait_for_port(port, process, log):
    for _ in range(100):
        if process.poll() is not None:
            raise RuntimeError(f"the proxy exited:\n{log.read_text()}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.1)
    raise RuntimeError(f"the proxy did not listen on {port}:\n{log.read_text()}")


@contextlib.contextmanager
def running(kind, folder, app_port, media, static):
    """Run the shipped `kind` config ("nginx" or "caddy") in front of 127.0.0.1:`app_port`; yield its base URL."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = folder / f"{kind}.log"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(folder)}
    if kind == "nginx":
        config = folder / "nginx.conf"
        config.write_text(nginx_config(folder, port, app_port, media, static))
        command = [binary("nginx"), "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(config)]
    else:
        text, extra = caddy_config(port, app_port, media, static)
        config = folder / "Caddyfile"
        config.write_text(text)
        env.update(extra, XDG_DATA_HOME=str(folder / "data"), XDG_CONFIG_HOME=str(folder / "config"))
        command = [binary("caddy"), "run", "--config", str(config), "--adapter", "caddyfile"]
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for_port(port, process, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
