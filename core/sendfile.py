"""Documents sent by the proxy once Wagtail's document view has let the visitor have them (X-Accel-Redirect).

A document is only ever served at /documents/<id>/<name>, by Wagtail's view: it checks the privacy of the document's
collection (sign-in, group, password) and counts the download; the proxies keep MEDIA_ROOT/documents/ out of
/media/ (deploy/proxy/). With DOCUMENTS_SENT_BY_PROXY on, the view answers with no body and an X-Accel-Redirect to
the proxy's internal-only location SENDFILE_URL (/_documents/), and the proxy sends the file from disk: a download,
however large or slow, then holds no gunicorn worker. nginx has `internal` locations for this; Caddy intercepts the
header in `handle_response` (both in deploy/proxy/). Wagtail's view calls `sendfile` below through
wagtail.utils.sendfile, which adds the name, type and length headers (SENDFILE_BACKEND in config/settings/base.py).
"""

import re
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from wagtail.utils import sendfile_streaming_backend

# What Django's storage leaves of an uploaded name (letters of any alphabet, digits, "-", "_" and "."), in folders.
SAFE_PATH = re.compile(r"[\w.-]+(?:/[\w.-]+)*")


def sendfile(request, filename, **kwargs):
    """An empty response that tells the proxy which file under SENDFILE_ROOT to send. A file anywhere else, or with
    a name Django's storage would not have made (neither happens unless documents are put there by other means),
    is streamed by Django, as without the proxy."""
    root = Path(settings.SENDFILE_ROOT).resolve()
    path = Path(filename).resolve()
    relative = path.relative_to(root).as_posix() if path.is_relative_to(root) else ""
    if not SAFE_PATH.fullmatch(relative) or ".." in relative.split("/"):
        return sendfile_streaming_backend.sendfile(request, filename, **kwargs)
    response = HttpResponse()
    # The name goes as its UTF-8 bytes, unescaped ("æ" as C3 A6; a WSGI header value is a latin-1 string, one
    # character per byte): nginx and every Caddy 2 take those bytes as the file's name, whereas a percent-escaped
    # name is decoded by nginx and by Caddy 2.7 or later only (Debian 12 has Caddy 2.6).
    accel = settings.SENDFILE_URL.rstrip("/") + "/" + relative
    response["X-Accel-Redirect"] = accel.encode().decode("latin-1")
    return response
