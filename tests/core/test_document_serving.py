"""Documents are served only by Wagtail's document view, which checks the privacy of the document's collection and
counts the download; with DOCUMENTS_SENT_BY_PROXY the view leaves the sending to the proxy (core/sendfile.py).
The shipped proxies run for real in tests/core/test_proxies.py; here is the app's side, in-process."""

import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.http import FileResponse
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.utils import sendfile as wagtail_sendfile

from cms.models import SiteDocument
from core import sendfile
from devtools.factories.core import UserFactory

SECRET = b"Referat, fortroligt."


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def sent_by_proxy(settings, media):
    """The settings DOCUMENTS_SENT_BY_PROXY=1 gives (config/settings/base.py)."""
    settings.SENDFILE_BACKEND = "core.sendfile"
    settings.SENDFILE_ROOT = media / "documents"
    settings.SENDFILE_URL = "/_documents/"
    wagtail_sendfile._get_sendfile.clear()  # Wagtail keeps the backend it found first
    yield
    wagtail_sendfile._get_sendfile.clear()


def document(name, content, collection=None):
    document = SiteDocument(title=name, file=ContentFile(content, name=name),
                            collection=collection or Collection.get_first_root_node())
    document.save()
    return document


def editors_only():
    collection = Collection.get_first_root_node().add_child(name="Kun for redaktører")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name="Editors"))
    return collection


def _production(**env):
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings as s; "
                               "print(s.WAGTAILDOCS_SERVE_METHOD, getattr(s, 'SENDFILE_BACKEND', None), "
                               "getattr(s, 'SENDFILE_ROOT', None), getattr(s, 'SENDFILE_URL', None))"],
        cwd=django_settings.BASE_DIR, capture_output=True, text=True,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": "x" * 50, "PATH": "/usr/bin:/bin",
             "VAR_DIR": "/tmp", "MEDIA_ROOT": "/srv/peer/media", **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_production_serves_documents_through_wagtails_view_and_the_proxy_only_when_told():
    assert _production() == ["serve_view", "None", "None", "None"]
    assert _production(DOCUMENTS_SENT_BY_PROXY="1") == [
        "serve_view", "core.sendfile", "/srv/peer/media/documents", "/_documents/"]
    assert "DOCUMENTS_SENT_BY_PROXY=1" in (django_settings.BASE_DIR / "deploy" / "env.example").read_text()


@pytest.mark.django_db
def test_without_the_proxy_django_sends_the_document_itself(client, media):
    public = document("vejledning.txt", b"Vejledning.")
    response = client.get(public.url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"Vejledning."
    assert "X-Accel-Redirect" not in response
    public.refresh_from_db()
    assert public.download_count == 1


@pytest.mark.django_db
def test_with_the_proxy_the_view_decides_and_the_proxy_sends(client, sent_by_proxy):
    private = document("referat-fortroligt.txt", SECRET, editors_only())
    public = document("vejledning_æøå.txt", b"Vejledning.")

    refused = client.get(private.url)
    assert refused.status_code == 302 and "X-Accel-Redirect" not in refused and SECRET not in refused.content

    client.force_login(UserFactory(groups=["Editors"]))
    allowed = client.get(private.url)
    assert allowed.status_code == 200 and allowed.content == b""
    assert allowed["X-Accel-Redirect"] == "/_documents/referat-fortroligt.txt"
    assert allowed["Content-Disposition"] == 'attachment; filename="referat-fortroligt.txt"'

    anyone = client.get(public.url)
    # The name's UTF-8 bytes, one latin-1 character each in a WSGI header: on the wire, "æ" is C3 A6.
    assert anyone["X-Accel-Redirect"].encode("latin-1") == "/_documents/vejledning_æøå.txt".encode()
    public.refresh_from_db()
    assert public.download_count == 1


def test_a_file_the_proxy_would_not_find_is_streamed_by_django(settings, tmp_path, rf):
    settings.SENDFILE_ROOT = tmp_path / "documents"
    settings.SENDFILE_URL = "/_documents/"
    (tmp_path / "documents").mkdir()
    elsewhere = tmp_path / "andet.txt"
    odd = tmp_path / "documents" / "med mellemrum%20.txt"
    for path in (elsewhere, odd):
        path.write_bytes(b"x")
        response = sendfile.sendfile(rf.get("/"), str(path))
        assert isinstance(response, FileResponse) and "X-Accel-Redirect" not in response
        response.file_to_stream.close()
    (tmp_path / "documents" / "referat.txt").write_bytes(b"x")
    assert sendfile.sendfile(rf.get("/"), str(tmp_path / "documents" / "referat.txt"))["X-Accel-Redirect"] == (
        "/_documents/referat.txt")


@pytest.mark.django_db
def test_a_refused_request_is_not_counted_as_a_download(client, media):
    private = document("referat-fortroligt.txt", SECRET, editors_only())
    assert client.get(private.url).status_code == 302
    private.refresh_from_db()
    assert private.download_count == 0


def test_documents_are_not_under_media_in_either_proxy_config():
    """What tests/core/test_proxies.py proves against the running proxies, as the config text says it: always run,
    also where nginx and Caddy are not installed."""
    nginx = (django_settings.BASE_DIR / "deploy" / "proxy" / "nginx.conf").read_text()
    assert "location /media/ {\n        return 404;\n    }" in nginx
    served = [line.split()[1].rstrip(";") for line in nginx.splitlines() if line.strip().startswith("alias ")]
    assert served == ["/srv/peer/static/", "/srv/peer/media/images/", "/srv/peer/media/original_images/",
                      "/srv/peer/media/documents/"]
    internal = nginx.split("location /_documents/ {")[1].split("}")[0]
    assert "internal;" in internal and "alias /srv/peer/media/documents/;" in internal

    caddy = (django_settings.BASE_DIR / "deploy" / "proxy" / "Caddyfile").read_text()
    assert "handle_path /media/*" not in caddy
    assert "@public_media path /media/images/* /media/original_images/*" in caddy
    assert "handle /media/* {\n\t\trespond 404\n\t}" in caddy
    documents = caddy.split("handle_response @document {")[1]
    assert "@document header X-Accel-Redirect /_documents/*" in caddy and "root * /srv/media/documents" in documents
    assert caddy.count("file_server") == 3  # static, public images, and documents only in answer to the app
