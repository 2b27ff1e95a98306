"""Downloadable documents, with the label and count the public site shows next to every download button."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument

from core.uploads import check_content

# Human names of the file types editors may upload (settings.WAGTAILDOCS_EXTENSIONS).
FILE_TYPE_LABELS = {
    "pdf": "PDF", "docx": "Word", "xlsx": "Excel", "pptx": "PowerPoint", "odt": "ODT", "ods": "ODS",
    "csv": "CSV", "txt": "Tekst",
}


class SiteDocument(AbstractDocument):
    """A Wagtail document that counts its downloads (the `before_serve_document` hook adds one per download) and
    whose content is what its extension says (core.uploads), so the label next to the download button is true."""

    download_count = models.PositiveIntegerField(_("downloads"), default=0, editable=False)

    admin_form_fields = WagtailDocument.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def clean(self):
        super().clean()  # Wagtail: the extension is one of WAGTAILDOCS_EXTENSIONS
        if self.file and not self.file._committed:  # a new upload; stored files were checked when they came
            try:
                check_content(self.file.name, self.file.file)
            except ValidationError as error:
                raise ValidationError({"file": error}) from error

    @property
    def type_label(self):
        return FILE_TYPE_LABELS.get(self.file_extension.lower(), self.file_extension.upper())

    @property
    def size_label(self):
        """File size the way the site prints it: "815 KB", "2,4 MB"."""
        size = self.file_size or 0
        if size < 1024 * 1024:
            return f"{max(round(size / 1024), 1)} KB"
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")

    @property
    def label(self):
        """ "PDF, 815 KB" """
        return f"{self.type_label}, {self.size_label}"

    def count_download(self):
        """Add one download without a race: the database does the addition."""
        type(self).objects.filter(pk=self.pk).update(download_count=F("download_count") + 1)
