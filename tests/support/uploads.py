"""Files for the upload tests: real ones of the allowed types, and the disguises an attacker tries."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from devtools.factories.cms import make_pdf

PDF = make_pdf("Samarbejdsaftale", ["Aftale mellem kommunen og Peer-rådgivningen."])
HTML_AS_PDF = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_AS_PNG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "#00546b").save(buffer, "PNG")
    return buffer.getvalue()


def upload(name, content=PDF):
    return SimpleUploadedFile(name, content)


def with_private_media(settings, tmp_path):
    """Keep the test's files in its own folder (returned)."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
