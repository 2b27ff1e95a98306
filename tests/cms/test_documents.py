"""A document's content must be what its extension says: a PNG named .pdf is refused, in Danish, instead of being
published as "PDF, 1 KB". Every allowed type (settings.WAGTAILDOCS_EXTENSIONS) is accepted when it is real."""

import io
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from PIL import Image

from cms.models import SiteDocument
from core import uploads
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


# --- Zip bombs: the zip-based formats are checked without unpacking them (core.uploads) --------------------------

UNSAFE = ("afvises: udpakket ville den fylde langt mere, end en {} kan. "
          "Gem dokumentet igen fra det program, det er lavet i, og upload det igen.")
MEMORY_BOUND = 50 * 1024 * 1024


def deflated_zeros(zip_name, megabytes, *parts, mimetype=None):
    """A zip archive whose entry `zip_name` is `megabytes` MiB of zeros, deflated (about 1,000 to 1), after `parts`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if mimetype:
            archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        for name, text in parts:
            archive.writestr(name, text)
        with archive.open(zip_name, "w") as entry:
            zeros = bytes(1024 * 1024)
            for _ in range(megabytes):
                entry.write(zeros)
    return buffer.getvalue()


def upload_measured(client, name, content, view="wagtaildocs:add"):
    """Upload through the editor's form and return the response with the peak of memory the request allocated."""
    tracemalloc.start()
    try:
        if view == "wagtaildocs:add":
            response = upload(client, name, content)
        else:
            response = client.post(reverse(view), {"files[]": SimpleUploadedFile(name, content), "collection": 1},
                                   headers={"X-Requested-With": "XMLHttpRequest"})
        return response, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


BOMBS = {
    # The attack: the OpenDocument `mimetype` entry, 256 MiB unpacked from 0.25 MB (the old check read all of it,
    # a peak of 570 MiB).
    "referat.odt": lambda: deflated_zeros("mimetype", 256),
    # Within the size limit, but packed 1,000 to 1 as no document is.
    "tal.ods": lambda: deflated_zeros("content.xml", 40, mimetype=ODS),
    # A real Word part beside the bomb.
    "notat.docx": lambda: deflated_zeros("word/media/image1.png", 300, ("word/document.xml", "<w:document/>")),
}


@pytest.mark.parametrize("name", BOMBS)
def test_a_zip_bomb_is_refused_in_danish_without_being_unpacked(editor_client, name):
    content = BOMBS[name]()
    assert len(content) < 1024 * 1024
    response, peak = upload_measured(editor_client, name, content)
    assert peak < MEMORY_BOUND, f"the upload allocated {peak / 2**20:.0f} MiB"
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["file"])
    assert f"Filen „{name}“ " + UNSAFE.format(name.rsplit(".", 1)[1].upper() + "-fil") in message
    assert not SiteDocument.objects.exists()


def test_the_multiple_upload_refuses_a_zip_bomb_too(editor_client):
    response, peak = upload_measured(editor_client, "referat.odt", BOMBS["referat.odt"](), "wagtaildocs:add_multiple")
    assert peak < MEMORY_BOUND
    data = response.json()
    assert data["success"] is False and UNSAFE.format("ODT-fil") in data["error_message"]
    assert not SiteDocument.objects.exists()


def test_an_entry_is_never_unpacked_beyond_a_few_hundred_bytes(editor_client, monkeypatch):
    """Were the size and ratio limits ever lifted (or lied about), the check still reads only the start of an
    entry: the bomb is then refused for what it is, not an ODT, and memory stays bounded all the same."""
    monkeypatch.setattr(uploads, "MAX_ENTRY_BYTES", 2**40)
    monkeypatch.setattr(uploads, "MAX_TOTAL_BYTES", 2**40)
    monkeypatch.setattr(uploads, "MAX_RATIO", 2**20)
    content = BOMBS["referat.odt"]()
    assert not uploads.content_matches("odt", io.BytesIO(content))
    response, peak = upload_measured(editor_client, "referat.odt", content)
    assert peak < MEMORY_BOUND, f"the upload allocated {peak / 2**20:.0f} MiB"
    assert "men indholdet er ikke en ODT-fil" in " ".join(response.context["form"].errors["file"])


def test_an_archive_with_a_huge_table_of_contents_is_refused_before_it_is_read(editor_client):
    """30,000 empty entries: 1.5 MB that zipfile would turn into 30,000 objects (a 20 MB upload: 400,000)."""
    parts = [("word/document.xml", "<w:document/>")] + [(f"x/{n}", "") for n in range(30_000)]
    response, peak = upload_measured(editor_client, "notat.docx", zipped(*parts))
    assert peak < MEMORY_BOUND
    assert UNSAFE.format("DOCX-fil") in " ".join(response.context["form"].errors["file"])


def test_large_real_documents_stay_well_inside_the_limits(editor_client, settings, tmp_path):
    """A deck of 3,000 parts, and a sheet formatted down to Excel's last row (40 MB unpacked, packed 16 to 1)."""
    settings.MEDIA_ROOT = tmp_path  # 2.5 MB that need not stay behind
    deck = zipped(("[Content_Types].xml", "<Types/>"), ("ppt/presentation.xml", "<p:presentation/>"),
                  *[(f"ppt/slides/slide{n}.xml", f"<p:sld>{n}</p:sld>") for n in range(3_000)])
    rows = "".join(f'<row r="{n}" s="1" customFormat="1"/>' for n in range(1, 2**20 + 1))
    sheet = zipped(("xl/workbook.xml", "<workbook/>"), ("xl/worksheets/sheet1.xml", rows))
    for name, content in (("oplaeg.pptx", deck), ("tal.xlsx", sheet)):
        assert upload(editor_client, name, content).status_code == 302, name
    assert SiteDocument.objects.count() == 2
