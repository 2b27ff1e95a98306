"""A document's content must be what its extension says: a PNG named .pdf is refused, in Danish, instead of being
published as "PDF, 1 KB". Every allowed type (settings.WAGTAILDOCS_EXTENSIONS) is accepted when it is real."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from PIL import Image

from cms.models import SiteDocument
from devtools.factories.cms import make_pdf
from devtools.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "#00546b").save(buffer, "PNG")
    return buffer.getvalue()


def xlsx():
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active["A1"] = "Kommune"
    workbook.save(buffer)
    return buffer.getvalue()


def zipped(*parts, mimetype=None):
    """A zip archive with the named parts, in that order (OpenDocument files start with their mimetype entry)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if mimetype:
            archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)  # stored, as OpenDocument requires
        for name, text in parts:
            archive.writestr(name, text)
    return buffer.getvalue()


def docx():
    """Word's parts, with a large first part: the word/ part lies beyond what a look at the first bytes sees."""
    content_types = "<Types>" + "<Override/>" * 2000 + "</Types>"
    return zipped(("[Content_Types].xml", content_types), ("_rels/.rels", "<Relationships/>"),
                  ("docProps/core.xml", "<cp/>"), ("docProps/app.xml", "<Properties/>"),
                  ("customXml/item1.xml", "<x/>"), ("word/document.xml", "<w:document/>"))


ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
GENUINE = {
    "rapport.pdf": make_pdf("Rapport", ["Peer-støtte i kommunerne."]),
    "notat.docx": docx(),
    "tal.xlsx": xlsx(),
    "oplaeg.pptx": zipped(("[Content_Types].xml", "<Types/>"), ("ppt/presentation.xml", "<p:presentation/>")),
    "notat.odt": zipped(("content.xml", "<office:document-content/>"), mimetype=ODT),
    "tal.ods": zipped(("content.xml", "<office:document-content/>"), mimetype=ODS),
    "kommuner.csv": "kommune;pladser\r\nAarhus;2\r\nHøje-Taastrup;1\r\n".encode("cp1252"),  # Excel's own export
    "kommuner-utf16.csv": "kommune\tpladser\r\nKøge\t3\r\n".encode("utf-16"),
    "laes-mig.txt": "Vejledning til peer-støtte\n\nSide 1\f".encode(),
}
COUNTERFEIT = {
    "billede.pdf": (png(), "indholdet er en PNG-fil"),
    "notat.docx": (make_pdf("Rapport"), "indholdet er en PDF-fil"),
    "tal.xlsx": (docx(), "indholdet er ikke en XLSX-fil"),
    "pakke.docx": (zipped(("data/other.xml", "<x/>")), "indholdet er ikke en DOCX-fil"),
    "halv.docx": (docx()[:-100], "indholdet er ikke en DOCX-fil"),  # cut off: its zip directory is missing
    "notat.odt": (zipped(("content.xml", "<x/>"), mimetype=ODS), "indholdet er en ODS-fil"),
    "kommuner.csv": (png(), "indholdet er en PNG-fil"),
    "laes-mig.txt": (make_pdf("Rapport"), "indholdet er en PDF-fil"),
}


@pytest.fixture
def editor_client(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


def upload(client, name, content):
    return client.post(reverse("wagtaildocs:add"), {
        "title": name, "file": SimpleUploadedFile(name, content), "collection": 1,
    })


@pytest.mark.parametrize("name", GENUINE)
def test_genuine_documents_of_every_allowed_type_are_accepted(editor_client, name):
    assert upload(editor_client, name, GENUINE[name]).status_code == 302
    document = SiteDocument.objects.get(title=name)
    assert document.file_extension == name.rsplit(".", 1)[1] and document.file_size == len(GENUINE[name])


@pytest.mark.parametrize("name", COUNTERFEIT)
def test_a_file_whose_content_is_not_what_its_extension_says_is_refused_in_danish(editor_client, name):
    content, explanation = COUNTERFEIT[name]
    response = upload(editor_client, name, content)
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["file"])
    extension = name.rsplit(".", 1)[1]
    assert f"Filen „{name}“ har endelsen .{extension}, men {explanation}." in message
    assert "Gem filen i det rigtige format, og upload den igen." in message
    assert not SiteDocument.objects.exists()


def test_the_multiple_upload_refuses_a_counterfeit_too(editor_client):
    response = editor_client.post(reverse("wagtaildocs:add_multiple"), {
        "files[]": SimpleUploadedFile("billede.pdf", png()), "collection": 1,
    }, headers={"X-Requested-With": "XMLHttpRequest"})
    data = response.json()
    assert data["success"] is False and "indholdet er en PNG-fil" in data["error_message"]
    assert not SiteDocument.objects.exists()


def test_editing_a_document_without_a_new_file_is_not_checked_again(editor_client):
    upload(editor_client, "rapport.pdf", GENUINE["rapport.pdf"])
    document = SiteDocument.objects.get()
    response = editor_client.post(reverse("wagtaildocs:edit", args=[document.pk]), {
        "title": "Rapport 2026", "collection": 1,
    })
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Rapport 2026"
