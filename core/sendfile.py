"""Documents sent by the proxy once Wagtail's document view has let the visitor have them (X-Accel-Redirect).

A document is only ever served at /documents/<id>/<name>, by Wagtail's view: it checks the privacy of the document's
collection (sign-in, group, password) and counts the download; the proxies keep MEDIA_ROOT/documents/ out of
/media/ (deploy/proxy/). With DOCUMENTS_SENT_BY_PROXY on, the view answers with no body and an X-Accel-Redirect to
the proxy's internal-only location SENDFILE_URL (/_documents/), and the proxy sends the file from disk: a download,
however large or slow, then holds no gunicorn worker. nginx has `internal` locations for this; Caddy intercepts the
header in `handle_response` (both in deploy/proxy/). Wagtail's view calls `sendfile` below through
wagtail.utils.sendfile, which adds the name, type and length headers (SENDFILE_BACKEND in config/settings/base.py).

The private files exchanged on a case (core.uploads) lie under MEDIA_ROOT/documents/ too and go the same way, by
`private_download`, once the view that serves them has checked who asks.
"""

import re
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header
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


def private_download(request, file, filename, content_type):
    """A private upload (`file`, a FieldFile) as a download, once the caller has checked that this person may have
    it: always an attachment under its cleaned name (`filename`), of the type its checked extension says
    (`content_type`), never sniffed, run, framed or kept by a shared cache. With DOCUMENTS_SENT_BY_PROXY the proxy
    sends it (`sendfile`); otherwise, or from a storage without local paths, Django streams it. A file missing from
    the storage is a 404."""
    try:
        path = file.path
    except NotImplementedError:  # a remote storage (MEDIA_STORAGE=s3)
        path = None
    try:
        if path is not None and hasattr(settings, "SENDFILE_BACKEND"):
            if not Path(path).is_file():
                raise FileNotFoundError(path)
            response = sendfile(request, path)
        else:
            response = FileResponse(file.open("rb"))
    except FileNotFoundError:
        raise Http404 from None
    response["Content-Type"] = content_type
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
