"""Every spreadsheet the product writes goes through here: CSV and XLSX, our own and the Wagtail admin's listings.

Why: exports hold what the public typed into forms. A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return is a formula to Excel and LibreOffice (`=HYPERLINK(...)`, `-2+3+cmd|...`), so a visitor could make a
coordinator's spreadsheet run something. Such a text cell is written with a leading apostrophe, as OWASP advises
("CSV injection"); numbers and dates are left alone. CSV is UTF-8 with a byte-order mark, without which Excel shows
"Ringkøbing" garbled, and `;`-separated, as Danish Excel expects.

Who may download lists that hold personal data is one permission, `core.export_personal_data` (coordinators).
"""

import csv
from io import BytesIO, StringIO

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.functional import Promise, cached_property
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from wagtail.admin.views import generic
from wagtail.admin.views.mixins import Echo, ExcelDateFormatter, SpreadsheetExportMixin
from wagtail.contrib.forms import views as forms_views

BOM = "\ufeff"
CSV_DELIMITER = ";"  # the list separator of Danish Excel
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_PERSONAL_DATA = "core.export_personal_data"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE = "Ark1"  # every workbook's one sheet, named as Danish Excel names a new one


def person(user):
    """A member of staff as people read them: full name, or the username when there is none."""
    return user.get_full_name() or user.get_username()


def neutralise(value):
    """The value as a spreadsheet may show it without running it: text that would start a formula gets a leading
    apostrophe; anything else is returned unchanged (a lazily translated label as its text)."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(rows):
    """CSV of `rows` (lists of values) as text with a BOM."""
    buffer = StringIO()
    buffer.write(BOM)
    csv.writer(buffer, delimiter=CSV_DELIMITER).writerows([[neutralise(value) for value in row] for row in rows])
    return buffer.getvalue()


def xlsx_bytes(rows, title=SHEET_TITLE):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for row in rows:
        sheet.append([_text_cell(sheet, value) for value in row])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text_cell(sheet, value):
    cell = WriteOnlyCell(sheet, neutralise(value))
    if cell.data_type == "f":  # openpyxl takes any text starting with "=" for a formula
        cell.data_type = "s"
    return cell


def spreadsheet_response(rows, filename, fmt):
    """A download of `rows` as `fmt` ("csv" or "xlsx"); None for any other format."""
    if fmt == "csv":
        response = HttpResponse(csv_text(rows), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(rows), content_type=XLSX_TYPE)
    else:
        return None
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


class SafeSpreadsheetExportMixin(SpreadsheetExportMixin):
    """For Wagtail admin listings with `list_export`: cells neutralised, CSV with a BOM, and the download (and its
    buttons) only for users with `export_permission`."""

    export_permission = EXPORT_PERSONAL_DATA

    def dispatch(self, request, *args, **kwargs):
        if self.is_export and not self.may_export:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def may_export(self):
        return self.export_permission is None or self.request.user.has_perm(self.export_permission)

    @cached_property
    def show_export_buttons(self):
        return super().show_export_buttons and self.may_export

    def preprocess_field_value(self, field, value, export_format):
        if isinstance(value, AbstractBaseUser):
            value = person(value)
        return neutralise(super().preprocess_field_value(field, value, export_format))

    def write_xlsx(self, queryset, output):
        """Wagtail's, with our sheet name ("Ark1", where Wagtail writes "Sheet1")."""
        workbook = Workbook(write_only=True, iso_dates=True)
        worksheet = workbook.create_sheet(title=SHEET_TITLE)
        worksheet.append(self.get_heading(queryset, field) for field in self.list_export)
        date_format = ExcelDateFormatter().get()
        for item in queryset:
            worksheet.append(self.generate_xlsx_row(worksheet, self.to_row_dict(item), date_format=date_format))
        workbook.save(output)

    def stream_csv(self, queryset):
        """Wagtail's, in our dialect: a BOM first, `;` between cells."""
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export, delimiter=CSV_DELIMITER)
        yield BOM
        yield writer.writerow({field: self.get_heading(queryset, field) for field in self.list_export})
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response


class IndexView(SafeSpreadsheetExportMixin, generic.IndexView):
    """The index view of every admin listing we register (`ModelViewSet.index_view_class`)."""


class SubmissionsListView(SafeSpreadsheetExportMixin, forms_views.SubmissionsListView):
    """Form submissions (the contact form's): `submissions_list_view_class` of the form page."""
