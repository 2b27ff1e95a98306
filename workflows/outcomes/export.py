"""The results for the ministry: every shown figure of `results.results` as one table, written as a documented data
package (`results.csv` with a Frictionless Table Schema in `datapackage.json`, in a ZIP) and as a spreadsheet.

One row per cohort × indicator × point: the distribution of the answers at the starting point, midway and at the end
(`measure` "value"), and of each municipality's change from its own starting point midway and at the end (`measure`
"change"). A figure about fewer than `results.MINIMUM_GROUP` municipalities is left out entirely, its count too: the
municipalities of a cohort are publicly known, so "3 answered at the end" already says something about a few named
municipalities, and the counts of two exports (all regions, then one region) could be subtracted to single one out.
What is left is about groups only: no municipality's name, no person, no free text.

The CSV is for machines: comma-separated UTF-8 without a byte-order mark, a decimal point, ISO dates, as the Table
Schema describes it. The spreadsheet is for people: the same rows under a header of titles, with the codes spelt out.
Text that a spreadsheet would take for a formula is neutralised in both (`core.exports.neutralise`): an indicator's
question is typed by staff, and the CSV may be opened in Excel all the same."""

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import neutralise

from ..programme.models import Programme, Region
from . import results
from .models import Indicator, SelfAssessment

PACKAGE_NAME = "peer-raadgivning-resultater"
CSV_NAME = "results.csv"
DESCRIPTOR_NAME = "datapackage.json"
DECIMALS = 2  # quartiles of whole-number answers are multiples of 0.25; rounding only drops float noise


class Measure:
    VALUE = "value"
    CHANGE = "change"
    choices = [(VALUE, gettext_lazy("Answers given")), (CHANGE, gettext_lazy("Change from the starting point"))]


@dataclass(frozen=True)
class Field:
    """One column: its name in the CSV, its Table Schema type, and the title and description people read."""

    name: str
    type: str
    title: str
    description: str
    constraints: dict = field(default_factory=dict)
    labels: dict | None = None  # code: label, for the spreadsheet

    def schema(self):
        described = {"name": self.name, "type": self.type, "title": str(self.title),
                     "description": str(self.description)}
        if self.constraints:
            described["constraints"] = self.constraints
        return described


def _fields():
    required = {"required": True}
    return [
        Field("programme", "string", _("Programme"), _("The advisory programme the cohort belongs to."), required),
        Field("cohort", "string", _("Cohort"), _("The cohort's name."), required),
        Field("cohort_start", "date", _("Cohort starts"), _("The day the cohort's course started."), required),
        Field("indicator", "string", _("Indicator"),
              _("The indicator's key: the same for every version of its question."), required),
        Field("version", "integer", _("Version"),
              _("The version of the question. Answers to different versions are never mixed."),
              {"required": True, "minimum": 1}),
        Field("question", "string", _("Question"), _("The question as the municipalities were asked it."), required),
        Field("kind", "string", _("Kind of answer"),
              _("scale: a scale from 1 (not at all) to 5 (fully); number: a count, such as peers employed."),
              {"required": True, "enum": Indicator.Kind.values}, dict(Indicator.Kind.choices)),
        Field("measure", "string", _("Measure"),
              _("value: the answers given at the point; change: each municipality's answer at the point minus its "
                "own answer at the starting point."),
              {"required": True, "enum": [code for code, _label in Measure.choices]}, dict(Measure.choices)),
        Field("point", "string", _("Point in the course"),
              _("baseline: the starting point; midway: midway through the course; final: the end of the course."),
              {"required": True, "enum": SelfAssessment.Kind.values}, dict(SelfAssessment.Kind.choices)),
        Field("n", "integer", _("Municipalities"),
              _("How many municipalities the figures are about. Figures about fewer than %(minimum)s "
                "municipalities are left out.") % {"minimum": results.MINIMUM_GROUP},
              {"required": True, "minimum": results.MINIMUM_GROUP}),
        Field("median", "number", _("Median"), _("The median."), required),
        Field("lower_quartile", "number", _("Lower quartile"),
              _("The lower quartile (25 %), by the inclusive method."), required),
        Field("upper_quartile", "number", _("Upper quartile"),
              _("The upper quartile (75 %), by the inclusive method."), required),
    ]


PRIMARY_KEY = ["programme", "cohort", "cohort_start", "indicator", "version", "measure", "point"]


def _round(value):
    return round(value, DECIMALS)


def rows(*, cohorts=None, region=None):
    """The export's rows as lists in the order of the fields, only the figures that are shown (see the module's
    docstring). `cohorts` (rows or pks) and `region` narrow the cases counted, as in `results.results`."""
    found = []
    shown = results.results(cohorts=cohorts, region=region)
    programmes = Programme.objects.in_bulk({result.cohort.programme_id for result in shown})
    for result in shown:
        indicator, cohort = result.indicator, result.cohort
        about = [str(programmes[cohort.programme_id]), cohort.label, cohort.starts_on, indicator.key, indicator.version,
                 indicator.label, indicator.kind]
        figures = [(Measure.VALUE, kind, figure) for kind, figure in result.points.items()]
        figures += [(Measure.CHANGE, kind, figure) for kind, figure in result.changes.items()]
        found += [[*about, measure, kind, figure.n, _round(figure.median), _round(figure.lower_quartile),
                   _round(figure.upper_quartile)]
                  for measure, kind, figure in figures if figure.shown]
    return found


def _csv(fields, found):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([column.name for column in fields])
    writer.writerows([[neutralise(value) for value in row] for row in found])  # a date's str() is ISO 8601
    return buffer.getvalue()


def _description(cohorts, region):
    text = _("The self-assessments of the municipalities in the advisory courses, per cohort and indicator: the "
             "distribution of the answers at the starting point, midway and at the end, and of each municipality's "
             "change from its own starting point. Only figures about at least %(minimum)s municipalities are "
             "included; the data names no municipality and no person.") % {"minimum": results.MINIMUM_GROUP}
    if cohorts:
        text += " " + _("Only the cohorts: %(cohorts)s.") % {"cohorts": ", ".join(map(str, cohorts))}
    if region:
        text += " " + _("Only municipalities in %(region)s.") % {"region": Region(region).label}
    return text


def descriptor(*, cohorts=None, region=None, now=None):
    """The Data Package (v1) descriptor of `results.csv`: what the package is, and the Table Schema of its one
    resource, so the ministry can read and check the file without asking us."""
    fields = _fields()
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": _("Outcomes of the advisory courses on peers"),
        "description": _description(cohorts, region),
        "created": timezone.localtime(now).isoformat(timespec="seconds"),
        "resources": [{
            "profile": "tabular-data-resource",
            "name": "results",
            "path": CSV_NAME,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": [column.schema() for column in fields], "primaryKey": PRIMARY_KEY,
                       "missingValues": [""]},
        }],
    }


def data_package(*, cohorts=None, region=None, now=None):
    """A ZIP (bytes) of `results.csv` and its `datapackage.json`. `cohorts` are Cohort rows (their names go in the
    description), `region` a `Region` value."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(CSV_NAME, _csv(_fields(), rows(cohorts=cohorts, region=region)).encode())
        package.writestr(DESCRIPTOR_NAME, json.dumps(descriptor(cohorts=cohorts, region=region, now=now),
                                                     ensure_ascii=False, indent=2))
    return buffer.getvalue()


def spreadsheet_rows(*, cohorts=None, region=None):
    """The same rows for people: a header of the columns' titles, and the codes as their labels."""
    fields = _fields()

    def spelt_out(column, value):
        return column.labels.get(value, value) if column.labels else value

    return [[column.title for column in fields],
            *[[spelt_out(column, value) for column, value in zip(fields, row, strict=True)]
              for row in rows(cohorts=cohorts, region=region)]]
