"""Uploaded files: the content must be what the extension says, and what is kept of a file's name is safe.

Two kinds of upload come through here. Wagtail's documents (`cms.SiteDocument.clean` calls `check_content`): Wagtail
checks only the extension, so a PNG named .pdf was published as "PDF, 1 KB". And the private files the
municipalities and the agency exchange on a case (`check_upload`, through the form fields `UploadField` and
`UploadsField`): only the types of PRIVATE_TYPES, each checked by its content, under a cleaned name (`clean_name`),
kept where no web server serves them (`PrivatePath`) and sent only by a view that asks who may have them each time
(`core.sendfile.private_download`).

The content checks, for each extension:

- pdf: the PDF signature (filetype);
- docx, xlsx, pptx, odt, ods, odp: a zip archive holding the part that makes it that format (Word's
  word/document.xml, ...; OpenDocument's `mimetype` entry). filetype's guess for these looks only at the first few
  entries and takes real documents whose parts come in another order for plain zip files, so the archive's own list
  decides;
- png, jpg, jpeg, gif, webp: the image format's signature (filetype);
- csv, txt: text in any encoding (no control characters besides tab, line breaks and form feed, or a UTF-16 byte
  order mark), and not a PDF.

filetype names what a refused file really is, when it knows, so the message can say "a PNG file".

The zip-based formats are looked at without unpacking them: a 1 MB .odt whose `mimetype` entry unpacked to gigabytes
took a worker from 157 MiB to 2.2 GiB when the check read the whole entry. Now no more than ENTRY_READ_BYTES of an
entry is ever unpacked, and an archive is refused as unsafe (its own message) before that when its table of contents
is larger than any document's, or an entry declares an unpacked size or a packing ratio no document has. Such
figures are what zip bombs are made of; a real document, even a large spreadsheet, stays far below them.
"""

import codecs
import lzma
import os
import re
import struct
import unicodedata
import uuid
import zipfile
import zlib

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from .sendfile import private_download

HEAD_BYTES = 8192  # as much as filetype reads
OFFICE_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
OPENDOCUMENT_TYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
# What filetype calls each image format (an animated PNG is still a PNG).
IMAGE_TYPES = {"png": {"png", "apng"}, "jpg": {"jpg"}, "jpeg": {"jpg"}, "gif": {"gif"}, "webp": {"webp"}}
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
    pass: which extensions may be uploaded at all is the caller's check (Wagtail's WAGTAILDOCS_EXTENSIONS, or
    `check_upload`'s). Raises UnsafeArchive for a zip-based format whose archive is built like a zip bomb."""
    try:
        if extension == "pdf":
            return filetype.guess_extension(_read_head(file)) == "pdf"
        if extension in OFFICE_PARTS or extension in OPENDOCUMENT_TYPES:
            return _zip_has(file, extension)
        if extension in IMAGE_TYPES:
            return filetype.guess_extension(_read_head(file)) in IMAGE_TYPES[extension]
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


# --- Private uploads: the files exchanged on a case --------------------------------------------------------------

# The types the municipalities and the agency exchange (documents, spreadsheets, presentations, images, text), each
# with the type it is served as: taken from the extension whose content was checked, never from what the browser
# said, and never one a browser runs or shows as a page (no HTML, no SVG).
PRIVATE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
    "txt": "text/plain", "csv": "text/csv",
}
MAX_FILE_BYTES = 20 * 1024 * 1024  # as Wagtail's documents (WAGTAILDOCS_MAX_UPLOAD_SIZE)
MAX_FILES = 5  # files sent at once (`UploadsField`), together at most MAX_FILE_BYTES: the proxies take 25 MB a request
NAME_LENGTH = 150
# Where private uploads are kept: under MEDIA_ROOT/documents/, which the proxies never serve (deploy/proxy/: only
# /media/images/ is public) and from which they send a file only when a view has said so (core.sendfile).
PRIVATE_ROOT = "documents/private"
# Characters Windows refuses in file names, and quotes, which would end the name in a Content-Disposition header.
_RESERVED = re.compile(r'[<>:"|?*]')


def clean_name(name):
    """The file's name as the uploader's computer had it, made safe to show and to send back: no folders (browsers
    have sent "C:\\Users\\...\\x.pdf", and anyone can send "../../x"), no control or invisible formatting characters
    (a right-to-left override makes "fdp.exe" read "exe.pdf"), none of the characters Windows refuses, no leading or
    trailing dots or spaces, and at most NAME_LENGTH characters, the extension kept."""
    name = unicodedata.normalize("NFC", str(name)).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(" " if char.isspace() else char for char in name
                   if char.isspace() or not unicodedata.category(char).startswith("C"))
    name = " ".join(_RESERVED.sub("_", name).split())
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    extension = extension.strip()[:10]
    stem = stem.strip(" .")[:NAME_LENGTH - len(extension) - 1].strip(" .") or "fil"
    return f"{stem}.{extension}" if extension else stem


def extension_of(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


ALLOWED_TYPES_TEXT = _("PDF, Word, Excel, PowerPoint, OpenDocument, images (PNG, JPEG, GIF, WebP) and text files "
                       "(TXT, CSV)")


def check_upload(file):
    """Check one private upload (a Django UploadedFile) and clean its name in place; raise ValidationError, in plain
    Danish, when it is empty, larger than MAX_FILE_BYTES, not one of PRIVATE_TYPES, or its content is not what its
    extension says."""
    file.name = clean_name(file.name)
    values = {"name": file.name, "size": filesizeformat(file.size), "limit": filesizeformat(MAX_FILE_BYTES)}
    if not file.size:
        raise ValidationError(_("The file “%(name)s” is empty."), code="empty", params=values)
    if file.size > MAX_FILE_BYTES:
        raise ValidationError(_("The file “%(name)s” is %(size)s; a file may be at most %(limit)s."),
                              code="too_large", params=values)
    if extension_of(file.name) not in PRIVATE_TYPES:
        raise ValidationError(_("The file “%(name)s” cannot be sent here. These types can: %(types)s."),
                              code="type", params={**values, "types": ALLOWED_TYPES_TEXT})
    check_content(file.name, file)
    return file


def content_type_of(name):
    """The type a private upload is served as (PRIVATE_TYPES), by its checked extension."""
    return PRIVATE_TYPES.get(extension_of(name), "application/octet-stream")


def limits_text(field):
    """What an upload field takes, for its help text: how many files, how large, of which types."""
    values = {"count": MAX_FILES, "size": filesizeformat(MAX_FILE_BYTES), "types": ALLOWED_TYPES_TEXT}
    if isinstance(field, UploadsField):
        text = gettext("Up to %(count)s files, at most %(size)s together: %(types)s.") % values
    else:
        text = gettext("At most %(size)s: %(types)s.") % values
    return text if field.required else gettext("Optional.") + " " + text


class UploadField(forms.FileField):
    """One private upload, checked (`check_upload`); the file picker offers the allowed types."""

    widget = forms.ClearableFileInput(attrs={"accept": ",".join(f".{extension}" for extension in PRIVATE_TYPES)})

    def clean(self, data, initial=None):
        file = super().clean(data, initial)
        return check_upload(file) if file else file


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class UploadsField(UploadField):
    """Up to MAX_FILES private uploads at once, each checked, together at most MAX_FILE_BYTES; cleaned to a list.
    Every file's problem is told, not only the first's."""

    widget = MultipleFileInput(attrs={"accept": UploadField.widget.attrs["accept"]})

    def clean(self, data, initial=None):
        files = [file for file in (data if isinstance(data, (list, tuple)) else [data]) if file]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > MAX_FILES:
            raise ValidationError(ngettext_lazy("Send at most %(count)d file at a time.",
                                                "Send at most %(count)d files at a time.", MAX_FILES),
                                  code="too_many", params={"count": MAX_FILES})
        errors, cleaned = [], []
        for file in files:
            try:
                cleaned.append(super().clean(file, initial))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        if sum(file.size for file in cleaned) > MAX_FILE_BYTES:
            raise ValidationError(_("The files are %(size)s together; at most %(limit)s can be sent at a time."),
                                  code="too_large", params={"size": filesizeformat(sum(f.size for f in cleaned)),
                                                            "limit": filesizeformat(MAX_FILE_BYTES)})
        return cleaned


class UploadsForm:
    """A form with private uploads (`UploadField`, `UploadsField`): each says what it takes, and since a browser does
    not send a chosen file again, a form that comes back with errors asks for the chosen files again."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self._upload_fields():
            self.fields[name].help_text = limits_text(self.fields[name])

    def _upload_fields(self):
        return [name for name, field in self.fields.items() if isinstance(field, UploadField)]

    def full_clean(self):
        super().full_clean()
        names = self._upload_fields()
        if self._errors and self.files and any(self.files.getlist(self.add_prefix(name)) for name in names):
            for name in names:
                if name not in self._errors:
                    self.add_error(name, _("Choose the files again: a file is not kept when the form has an error."))


def private_path(instance, filename):
    """`upload_to` of a private upload: PRIVATE_ROOT/<model>/<random name>.<extension>. The name on disk tells
    nothing and cannot be guessed; the uploader's name for the file is kept in the record."""
    extension = extension_of(filename)
    return f"{PRIVATE_ROOT}/{instance._meta.model_name}/{uuid.uuid4().hex}" + (f".{extension}" if extension else "")


class PrivateUpload(models.Model):
    """A file exchanged on a case, checked (`check_upload`), kept where no web server serves it (`private_path`)
    and sent by `download` only to whom the serving view has let have it. Abstract: the record that holds one says
    what it belongs to. Its file leaves the storage with the record (`delete_file`)."""

    file = models.FileField(_("file"), upload_to=private_path, max_length=255)
    filename = models.CharField(_("file name"), max_length=NAME_LENGTH)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(_("type"), max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        abstract = True

    def take(self, upload, by):
        """Hold `upload` (a file `check_upload` has passed), uploaded by `by`; saved with the record."""
        self.file, self.filename, self.size = upload, upload.name, upload.size
        self.content_type, self.uploaded_by = content_type_of(upload.name), by
        return self

    def download(self, request):
        return private_download(request, self.file, self.filename, self.content_type)

    @property
    def extension(self):
        return extension_of(self.filename).upper()


def delete_file(sender, instance, **kwargs):
    """A `post_delete` receiver: the record's file leaves the storage too, once the deletion is committed (a rolled
    back deletion keeps it)."""
    file = instance.file
    if file.name:
        storage, name = file.storage, file.name
        transaction.on_commit(lambda: storage.delete(name))
