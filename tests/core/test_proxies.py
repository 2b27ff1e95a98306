"""Both shipped proxy configs (deploy/proxy/), run for real in front of the app as deployed: gunicorn with
deploy/gunicorn.conf.py and production settings (DOCUMENTS_SENT_BY_PROXY=1, as deploy/env.example has it), on a
private SQLite file, media files in a folder of the test's own.

- A document in a collection only editors may see is never public: not at /media/documents/<name> (the attack), not
  at the proxies' internal /_documents/, not by a path that walks there from /media/images/. Wagtail's address
  for it asks a visitor to sign in and gives an editor the file, sent by the proxy. A public document is anyone's,
  and counted. Images under /media/ stay public.
- Slow request bodies do not stall gunicorn behind either proxy: deploy/slow_body_check.py, shortened, finds every
  health check answered; without a proxy it finds them missed (so the check can see the attack at all).

How the configs are run (and which lines are changed for loopback) is in tests/core/proxies.py.
"""

import http.client
import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import requests
from django.conf import settings

from bench import server
from tests.core import proxies
from tests.reliability.harness import REAL_CLOCK

pytestmark = REAL_CLOCK

SECRET = "Referat, fortroligt: kommunens budget for peer-støtte 2027."
PUBLIC = "Vejledning til kommuner om peer-støtte."
FILES = {  # the names are the uploaded names, as Django stores them
    "private": ("referat-fortroligt.txt", SECRET),
    "public": ("vejledning_for_kommuner_æøå.txt", PUBLIC),
}
IMAGE = b"\x89PNG\r\n\x1a\n" + bytes(64)

# Run in the app's environment (production settings: no devtools), before gunicorn starts.
SETUP = """
import json, sys
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.base import ContentFile
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Collection, CollectionViewRestriction
from cms.models import SiteDocument

files = json.loads(sys.argv[1])
editors = Group.objects.get(name="Editors")
root = Collection.get_first_root_node()
private = root.add_child(name="Kun for redaktører")
restriction = CollectionViewRestriction.objects.create(
    collection=private, restriction_type=CollectionViewRestriction.GROUPS)
restriction.groups.add(editors)
documents = {}
for key, (name, text) in files.items():
    document = SiteDocument(title=name, collection=private if key == "private" else root,
                            file=ContentFile(text.encode(), name=name))
    document.save()
    documents[key] = {"id": document.pk, "url": document.url, "file": document.file.name}
editor = get_user_model().objects.create_user("redaktoer", "redaktoer@example.dk", "x" * 24)
editor.groups.add(editors)
device = TOTPDevice.objects.create(user=editor, name="Telefon", confirmed=True)
session = SessionStore()
session[SESSION_KEY] = str(editor.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = editor.get_session_auth_hash()
session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # signed in with password and code (core.twofactor)
session.create()
print(json.dumps({"documents": documents, "session": session.session_key}))
"""


@dataclass
class App:
    port: int
    media: Path
    static: Path
    database: Path
    documents: dict
    session: str

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def downloads(self, key):
        with sqlite3.connect(self.database) as db:
            return db.execute("SELECT download_count FROM cms_sitedocument WHERE id = ?",
                              (self.documents[key]["id"],)).fetchone()[0]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("proxied")
    media, static = tmp / "media", tmp / "static"
    for folder in ("images", "original_images"):
        (media / folder).mkdir(parents=True)
        (media / folder / "foto.png").write_bytes(IMAGE)
    static.mkdir()
    database = tmp / "db.sqlite3"
    env = {
        "PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "proxied-test-Qm3vT8xK2pL7wR5nZ9cB4hJ6fD1gS0aY", "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0", "VAR_DIR": str(tmp), "MEDIA_ROOT": str(media), "STATIC_ROOT": str(static),
        "EMAIL_PROVIDER": "console", "PROXY_COUNT": "1", "DOCUMENTS_SENT_BY_PROXY": "1",
        "DATABASE_URL": f"sqlite:///{database}",
        "GUNICORN_CMD_ARGS": f"--access-logfile {tmp}/access.log --error-logfile {tmp}/error.log --capture-output",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=settings.BASE_DIR, env=env,
                   check=True, capture_output=True)
    setup = subprocess.run([sys.executable, "-c", SETUP, json.dumps(FILES)], cwd=settings.BASE_DIR, env=env,
                           check=True, capture_output=True, text=True)
    data = json.loads(setup.stdout.strip().splitlines()[-1])
    port = proxies.free_port()
    with server.gunicorn(env, port, workers=2):
        yield App(port, media, static, database, data["documents"], data["session"])


@dataclass
class Proxy:
    kind: str
    url: str

    def raw_get(self, path, headers=None):
        """GET `path` exactly as written (no client tidies `..` or escapes away): (status, headers, body)."""
        parts = urlsplit(self.url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        try:
            connection.putrequest("GET", path, skip_accept_encoding=True)
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            connection.endheaders()
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()


@pytest.fixture(scope="module", params=proxies.PROXIES)
def proxy(request, app, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    with proxies.running(request.param, folder, app.port, app.media, app.static) as url:
        yield Proxy(request.param, url)


def test_the_private_file_is_not_under_media_nor_anywhere_else(proxy, app):
    name = FILES["private"][0]
    assert (app.media / "documents" / name).read_text() == SECRET  # there it is, on the proxy's disk
    paths = [
        f"/media/documents/{name}",  # the attack
        f"/media/documents/{quote(FILES['public'][0])}",
        "/media/documents/",
        f"/MEDIA/documents/{name}",
        f"/media//documents/{name}",
        f"/media/images/../documents/{name}",
        f"/media/images/%2e%2e/documents/{name}",
        f"/media/images/..%2fdocuments/{name}",
        f"/media/original_images/../../media/documents/{name}",
        f"/_documents/{name}",  # where the proxy sends from, for the app only
        f"/_documents/../documents/{name}",
    ]
    for path in paths:
        status, _, body = proxy.raw_get(path)
        assert status in (301, 302, 400, 403, 404), f"{proxy.kind} {path}: {status}"
        assert SECRET.encode() not in body, path


def test_a_private_document_asks_a_visitor_to_sign_in(proxy, app):
    status, headers, body = proxy.raw_get(app.documents["private"]["url"])
    assert status == 302 and "/login/?next=/documents/" in headers["Location"]
    assert SECRET.encode() not in body and "X-Accel-Redirect" not in headers


def test_an_editor_gets_the_private_document_sent_by_the_proxy(proxy, app):
    url = proxy.url + app.documents["private"]["url"]
    before = app.downloads("private")
    response = requests.get(url, cookies={"sessionid": app.session}, allow_redirects=False, timeout=10)
    assert response.status_code == 200 and response.content == SECRET.encode()
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.headers["Content-Disposition"] == f'attachment; filename="{FILES["private"][0]}"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"
    assert "private" in response.headers["Cache-Control"]
    assert "X-Accel-Redirect" not in response.headers  # the proxy acted on it and kept it to itself
    assert app.downloads("private") == before + 1

    # One whole download per request, as the count has it: a byte range is answered with the whole file.
    ranged = requests.get(url, cookies={"sessionid": app.session}, headers={"Range": "bytes=0-9"}, timeout=10)
    assert ranged.status_code == 200 and ranged.content == SECRET.encode()


def test_a_public_document_is_anyones_at_wagtails_address_and_counted(proxy, app):
    before = app.downloads("public")
    response = requests.get(proxy.url + app.documents["public"]["url"], allow_redirects=False, timeout=10)
    assert response.status_code == 200 and response.content == PUBLIC.encode()
    assert "filename*=UTF-8''vejledning_for_kommuner_%C3%A6%C3%B8%C3%A5.txt" in response.headers["Content-Disposition"]
    assert app.downloads("public") == before + 1


def test_images_stay_public(proxy, app):
    for folder in ("images", "original_images"):
        response = requests.get(f"{proxy.url}/media/{folder}/foto.png", timeout=10)
        assert response.status_code == 200 and response.content == IMAGE
        assert response.headers["X-Content-Type-Options"] == "nosniff"


# Text files a browser fetches, each larger than the proxies' smallest compressed answer.
STATIC_TEXT = {
    "site.css": ("text/css", "main { margin: 0 auto; }\n" * 100),
    "site.js": ("javascript", "document.body.dataset.ready = 'yes';\n" * 100),
    "logo.svg": ("image/svg+xml", '<svg xmlns="http://www.w3.org/2000/svg">' + "<g></g>" * 200 + "</svg>"),
    "data.json": ("application/json", json.dumps([{"kommune": "Aarhus"}] * 100)),
}


def test_text_is_sent_compressed(proxy, app):
    """CSS, JavaScript, SVG and JSON, not HTML only (nginx's default); a client that asks for none gets it plain."""
    for name, (content_type, text) in STATIC_TEXT.items():
        (app.static / name).write_text(text)
        response = requests.get(f"{proxy.url}/static/{name}", headers={"Accept-Encoding": "gzip"}, timeout=10)
        assert response.status_code == 200 and response.text == text, name  # requests unpacks it
        assert content_type in response.headers["Content-Type"], name
        assert response.headers.get("Content-Encoding") == "gzip", f"{proxy.kind} {name}"
        assert "Accept-Encoding" in response.headers.get("Vary", ""), f"{proxy.kind} {name}"
        status, headers, body = proxy.raw_get(f"/static/{name}")
        assert status == 200 and "Content-Encoding" not in headers and body.decode() == text
    page = requests.get(f"{proxy.url}/findes-ikke/", headers={"Accept-Encoding": "gzip"}, timeout=10)
    assert page.headers["Content-Type"].startswith("text/html") and page.headers["Content-Encoding"] == "gzip"


# --- Slow request bodies ------------------------------------------------------------------------------------------

# Shortened: three connections (one more than gunicorn's two workers here), a piece of body every second, six
# seconds of health checks every half second; an answer later than two seconds is missed.
SLOW = ["--connections", "3", "--every", "1", "--duration", "6", "--health-every", "0.5", "--health-timeout", "2",
        "--json"]


def slow_body_check(url):
    result = subprocess.run([sys.executable, str(proxies.DEPLOY / "slow_body_check.py"), url, *SLOW],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_slow_request_bodies_do_not_stall_the_app_behind_the_proxy(proxy, app):
    result = slow_body_check(proxy.url)
    assert result["health_checks"] >= 8
    assert result["answered"] == result["health_checks"], result["checks"]
    assert result["slow_connections"] == {"sending": 3}  # held by the proxy all along, at no cost to the app


def test_without_a_proxy_slow_bodies_stall_gunicorn(app):
    """The check sees the attack: sent to gunicorn itself, the slow bodies hold both workers."""
    result = slow_body_check(app.url)
    assert result["answered"] <= result["health_checks"] // 4, result["checks"]
    assert requests.get(app.url + "/health/live", timeout=10).status_code == 200  # free again once they go
