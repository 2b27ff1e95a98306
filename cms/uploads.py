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

The zip-based formats are looked at without unpacking them: a 1 MB .odt whose `mimetype` entry unpacked to gigabytes
took a worker from 157 MiB to 2.2 GiB when the check read the whole entry. Now no more than ENTRY_READ_BYTES of an
entry is ever unpacked, and an archive is refused as unsafe (its own message) before that when its table of contents
is larger than any document's, or an entry declares an unpacked size or a packing ratio no document has. Such
figures are what zip bombs are made of; a real document, even a large spreadsheet, stays far below them.
"""

import codecs
import lzma
import os
import struct
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

# Bounds for the zip-based formats (docx, xlsx, pptx, odt, ods).
ENTRY_READ_BYTES = 256  # the most of any entry that is unpacked (an OpenDocument `mimetype` is 39 to 46 bytes)
MAX_DIRECTORY_BYTES = 1024 * 1024  # the table of contents: ~100 bytes an entry, so some 10,000 entries
MAX_ENTRY_BYTES = 256 * 1024 * 1024  # the unpacked size one entry may declare
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # ... and all entries together
MAX_RATIO = 200  # unpacked size to packed size of an entry larger than RATIO_FROM_BYTES (deflate's own limit: ~1030)
RATIO_FROM_BYTES = 1024 * 1024
# What reading a damaged or unusual archive may raise: not a zip file, bad compressed data, an encrypted entry
# (RuntimeError) or a compression method zipfile does not know (NotImplementedError).
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, RuntimeError, NotImplementedError,
              ValueError)
END_RECORD = struct.Struct("<4s4H2LH")  # the zip's "end of central directory" record
ZIP64_LOCATOR = b"PK\x06\x07"


class UnsafeArchive(Exception):
    """The archive declares more than any document holds: a zip bomb, or something built like one."""


def _read_head(file):
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    return head


def _check_directory(file):
    """Raise UnsafeArchive if the table of contents is too large to read, before zipfile reads it: zipfile builds an
    object for every entry, and 20 MB of empty entries are 400,000 of them (150 MB and many seconds). The end record
    is found the way zipfile finds it; a Zip64 archive (needed only beyond 65,535 entries or 4 GB) is refused."""
    file.seek(0, os.SEEK_END)
    size = file.tell()
    file.seek(max(size - END_RECORD.size - 0xFFFF, 0))
    tail = file.read()
    if tail[-END_RECORD.size:-END_RECORD.size + 4] == b"PK\x05\x06" and tail[-2:] == b"\0\0":
        at = len(tail) - END_RECORD.size  # no comment: the record ends the file
    else:
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < END_RECORD.size:
            return  # not a zip archive: zipfile says so
    _, _, _, _, entries, directory_bytes, _, _ = END_RECORD.unpack_from(tail, at)
    zip64 = at >= 20 and tail[at - 20:at - 16] == ZIP64_LOCATOR
    if zip64 or entries == 0xFFFF or directory_bytes > MAX_DIRECTORY_BYTES:
        raise UnsafeArchive


def _check_entries(infos):
    """Raise UnsafeArchive if an entry declares an unpacked size, or a packing ratio, that no document has."""
    if sum(info.file_size for info in infos) > MAX_TOTAL_BYTES:
        raise UnsafeArchive
    for info in infos:
        if info.file_size > MAX_ENTRY_BYTES:
            raise UnsafeArchive
        if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnsafeArchive


def _read_entry(archive, name):
    """At most ENTRY_READ_BYTES + 1 bytes of the entry `name`, however large it declares or turns out to be."""
    with archive.open(name) as entry:
        return entry.read(ENTRY_READ_BYTES + 1)


def _zip_has(file, extension):
    """True if `file` is a zip archive with the part that makes it an `extension` file. Raises UnsafeArchive for an
    archive built like a zip bomb; never unpacks more than a few hundred bytes."""
    try:
        _check_directory(file)
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            _check_entries(infos)
            names = {info.filename for info in infos}
            if extension in OFFICE_PARTS:
                return OFFICE_PARTS[extension] in names
            if "mimetype" not in names:
                return False
            head = _read_entry(archive, "mimetype")
            return len(head) <= ENTRY_READ_BYTES and head.strip() == OPENDOCUMENT_TYPES[extension]
    except ZIP_ERRORS:  # not a zip archive, or a damaged one
        return False


def _is_text(head):
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    return not CONTROL_CHARACTERS.intersection(head) and filetype.guess_extension(head) != "pdf"


def content_matches(extension, file):
    """True if the content of `file` (an open, seekable file) is a real `extension` file. Extensions not listed here
    pass: which extensions may be uploaded at all is Wagtail's check (WAGTAILDOCS_EXTENSIONS). Raises UnsafeArchive
    for a zip-based format whose archive is built like a zip bomb."""
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
    values = {"name": name, "extension": extension, "expected": extension.upper()}
    try:
        if content_matches(extension, file):
            return
    except UnsafeArchive:
        message = _("The file “%(name)s” is refused: unpacked, it would take up far more than any %(expected)s file "
                    "can. Save the document again from the program it was made in, and upload it again.")
        raise ValidationError(message, code="unsafe_archive", params=values) from None
    actual = filetype.guess_extension(_read_head(file))
    if actual and actual not in ("zip", extension):  # "zip" says no more than that the format is unknown
        values["actual"] = actual.upper()
        message = _("The file “%(name)s” ends in .%(extension)s, but its content is of type %(actual)s. "
                    "Save the file in the right format and upload it again.")
    else:
        message = _("The file “%(name)s” ends in .%(extension)s, but its content is not of type %(expected)s. "
                    "Save the file in the right format and upload it again.")
    raise ValidationError(message, code="content_mismatch", params=values)
