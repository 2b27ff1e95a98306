"""The results for the ministry, downloaded by coordinators from the results page: the data package (ZIP) or the
spreadsheet (XLSX), narrowed by the page's own filters (`cohort`, `region`, read by the page's form). What goes in,
and what is left out below the threshold, is decided in `workflows.outcomes.export`.

A filter that is not valid (a cohort that does not exist, a tampered region) is ignored, as on the page: the links
are made by the results page, so a bad value is an old or edited link, not a question that deserves an error."""

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.generic import View

from core.exports import spreadsheet_response

from .. import permissions
from ..outcomes import export
from .access import Access
from .results import ResultsFilterForm


class ResultsExportView(Access, View):
    allowed = staticmethod(permissions.is_coordinator)

    def get(self, request, fmt):
        if fmt not in ("zip", "xlsx"):
            raise Http404
        narrowing = ResultsFilterForm(request.GET or None).narrowing()
        filename = f"resultater-{timezone.localdate():%Y-%m-%d}"
        if fmt == "xlsx":
            return spreadsheet_response(export.spreadsheet_rows(**narrowing), filename, fmt)
        response = HttpResponse(export.data_package(**narrowing), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{filename}.zip"'
        return response
