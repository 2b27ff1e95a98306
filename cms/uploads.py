"""Document uploads: the content must be what the extension says.

Wagtail checks only the extension, so a PNG named .pdf was published as "PDF, 1 KB". `SiteDocument.clean` (where
Wagtail checks the extension, so every upload form reaches it) now also looks at the content of every new file, for
each allowed extension (settings.WAGTAILDOCS_EXTENSIONS):

- pdf: the PDF signature (filetype);
- docx, xlsx, pptx, odt, ods: a zip archive holding the part that makes it that format (Word's word/document.xml,
  ...; OpenDocument's `mimetype` entry). filetype's guess for these looks only at the first few entries and takes
  real documents whose parts come in another order for plain zip files, so the archive's own list decides;
- csv, txt: text in any encoding (no control characters besides tab, line breaks and form feed, or a UTF-16 byte
  order mark), and not a PDF.

filetype names what a refused file really is, when it knows, so the editor's message can say "a PNG file".
"""

import codecs
import zipfile
import zlib

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HEAD_BYTES = 8192  # as much as filetype reads
OFFICE_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
OPENDOCUMENT_TYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
TEXT_EXTENSIONS = {"csv", "txt"}
CONTROL_CHARACTERS = frozenset(range(32)) - {ord(c) for c in "\t\n\r\f"}


def _read_head(file):
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    return head


def _zip_has(file, extension):
    """True if `file` is a zip archive with the part that makes it an `extension` file."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if extension in OFFICE_PARTS:
                return OFFICE_PARTS[extension] in names
            return "mimetype" in names and archive.read("mimetype").strip() == OPENDOCUMENT_TYPES[extension]
    except (zipfile.BadZipFile, zlib.error):  # not a zip archive, or a damaged one
        return False


def _is_text(head):
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    return not CONTROL_CHARACTERS.intersection(head) and filetype.guess_extension(head) != "pdf"


def content_matches(extension, file):
    """True if the content of `file` (an open, seekable file) is a real `extension` file. Extensions not listed here
    pass: which extensions may be uploaded at all is Wagtail's check (WAGTAILDOCS_EXTENSIONS)."""
    try:
        if extension == "pdf":
            return filetype.guess_extension(_read_head(file)) == "pdf"
        if extension in OFFICE_PARTS or extension in OPENDOCUMENT_TYPES:
            return _zip_has(file, extension)
        if extension in TEXT_EXTENSIONS:
            return _is_text(_read_head(file))
        return True
    finally:
        file.seek(0)


def check_content(name, file):
    """Raise ValidationError, in plain Danish, if the content of `file` does not match the extension of `name`."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if content_matches(extension, file):
        return
    actual = filetype.guess_extension(_read_head(file))
    values = {"name": name, "extension": extension, "expected": extension.upper()}
    if actual and actual not in ("zip", extension):  # "zip" says no more than that the format is unknown
        values["actual"] = actual.upper()
        message = _("The file “%(name)s” ends in .%(extension)s, but its content is of type %(actual)s. "
                    "Save the file in the right format and upload it again.")
    else:
        message = _("The file “%(name)s” ends in .%(extension)s, but its content is not of type %(expected)s. "
                    "Save the file in the right format and upload it again.")
    raise ValidationError(message, code="content_mismatch", params=values)
