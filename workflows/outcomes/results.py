"""What the courses achieve: the municipalities' self-assessments aggregated per indicator and cohort.

Every figure here is about a group of municipalities, never about one: a distribution (median and quartiles) is
given only when at least `MINIMUM_GROUP` municipalities stand behind it, and below that only its `n` is known to
the code and nothing is shown, exported or published (`Figure.shown`). The coordinators' results page, the
municipality's comparison with its cohort, the ministry's data package and the CMS "results" block all read these
functions, so the threshold is applied in one place.

An indicator is one row (a key and a version, `models.Indicator`): answers to different versions of a question are
never mixed. The distribution at each point (baseline, midway, final) takes every case that answered then; the
change at midway and at the end is each municipality's answer minus its own baseline, so it takes only the cases
that answered both (and a case that went on without its midway assessment counts at the end all the same).

Public figures (`published`) are cached in the cache every process shares (the page cache's) until the next
assessment arrives: `changed`, connected to the assessments' saves in `workflows.signals`, retires them and the
cached public pages that show them."""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import formats

from core import pagecache

from ..programme.models import Cohort
from .models import Answer, Indicator, SelfAssessment

MINIMUM_GROUP = 5  # municipalities behind a figure before it is shown anywhere
KINDS = list(SelfAssessment.Kind)  # baseline, midway, final: the columns of every result
LATER = [SelfAssessment.Kind.MIDWAY, SelfAssessment.Kind.FINAL]  # the points a change is measured at
PUBLISHED_SECONDS = 3600  # an upper bound only: a new assessment retires the cached figures at once


@dataclass(frozen=True)
class Figure:
    """The distribution of one group's values: how many (`n`) and, when that is at least `MINIMUM_GROUP`, the
    median and the quartiles (Python's `statistics.quantiles`, inclusive method). Below the threshold the figures are
    None, so no template, export or block can show them by mistake."""

    n: int
    median: float | None = None
    lower_quartile: float | None = None
    upper_quartile: float | None = None

    @classmethod
    def of(cls, values):
        values = sorted(values)
        if len(values) < MINIMUM_GROUP:
            return cls(len(values))
        lower, median, upper = statistics.quantiles(values, n=4, method="inclusive")
        return cls(len(values), median, lower, upper)

    @property
    def shown(self):
        return self.n >= MINIMUM_GROUP


def number(value, *, signed=False):
    """A figure as it is read in Danish: a decimal comma and no trailing zeros (the median and quartiles of whole
    answers are whole numbers, halves or quarters), and with `signed` a plus before a rise, so that a change reads
    as one; "" for None (a figure not shown)."""
    if value is None:
        return ""
    value = round(value, 2)
    text = formats.number_format(int(value) if value == int(value) else value, use_l10n=True)
    return f"+{text}" if signed and value > 0 else text


@dataclass
class Result:
    """One indicator in one cohort: `points`, the distribution of the answers at each of `KINDS`, and `changes`, the
    distribution of each municipality's change from its own baseline at each of `LATER`."""

    indicator: Indicator
    cohort: Cohort
    points: dict = field(default_factory=dict)  # {kind: Figure}
    changes: dict = field(default_factory=dict)  # {kind: Figure}

    @property
    def shown(self):
        """Whether any figure of this result may be shown."""
        return any(figure.shown for figure in [*self.points.values(), *self.changes.values()])


def answers(*, cohorts=None, region=None, indicators=None):
    """{(indicator pk, cohort pk): {registration pk: {kind: value}}} of the answers given, narrowed to `cohorts`,
    to the municipalities of `region` and to `indicators` (pks or rows) when given. One query."""
    rows = Answer.objects.all()
    if cohorts is not None:
        rows = rows.filter(assessment__registration__cohort__in=cohorts)
    if region:
        rows = rows.filter(assessment__registration__municipality__region=region)
    if indicators is not None:
        rows = rows.filter(indicator__in=indicators)
    grouped = defaultdict(lambda: defaultdict(dict))
    for indicator, cohort, registration, kind, value in rows.values_list(
            "indicator_id", "assessment__registration__cohort_id", "assessment__registration_id", "assessment__kind",
            "value").order_by():
        grouped[indicator, cohort][registration][kind] = value
    return grouped


def _figures(by_case):
    """The `points` and `changes` of one indicator in one group of cases ({registration pk: {kind: value}})."""
    points = {kind: Figure.of([given[kind] for given in by_case.values() if kind in given]) for kind in KINDS}
    changes = {kind: Figure.of([given[kind] - given[SelfAssessment.Kind.BASELINE] for given in by_case.values()
                                if kind in given and SelfAssessment.Kind.BASELINE in given])
               for kind in LATER}
    return points, changes


def results(*, cohorts=None, region=None, indicators=None):
    """[Result] per indicator and cohort that has answers, in the cohorts' and then the indicators' order; three
    queries. `cohorts`, `region` and `indicators` narrow the cases and questions counted (see `answers`): a filter
    that leaves fewer than `MINIMUM_GROUP` cases behind a figure hides it like any other small group."""
    grouped = answers(cohorts=cohorts, region=region, indicators=indicators)
    known_indicators = Indicator.objects.in_bulk({indicator for indicator, _cohort in grouped})
    known_cohorts = Cohort.objects.in_bulk({cohort for _indicator, cohort in grouped})
    found = []
    for (indicator, cohort), by_case in grouped.items():
        points, changes = _figures(by_case)
        found.append(Result(known_indicators[indicator], known_cohorts[cohort], points, changes))
    found.sort(key=lambda result: (result.cohort.starts_on, result.cohort.pk, result.indicator.order,
                                   result.indicator.pk))
    return found


@dataclass
class Comparison:
    """One indicator of one municipality at one point: its own baseline, its answer then and its change, beside the
    distribution of its cohort's changes (`cohort`, a Figure: show its median only when `cohort.shown`)."""

    indicator: Indicator
    baseline: int | None
    value: int | None
    cohort: Figure

    @property
    def change(self):
        if self.baseline is None or self.value is None:
            return None
        return self.value - self.baseline


def compare(registration, kind):
    """[Comparison] for each indicator the case answered at `kind` (midway or final), against its cohort."""
    grouped = answers(cohorts=[registration.cohort_id])
    own = {indicator: by_case.get(registration.pk, {}) for (indicator, _cohort), by_case in grouped.items()}
    known_indicators = Indicator.objects.in_bulk([indicator for indicator, given in own.items() if kind in given])
    compared = [Comparison(known_indicators[indicator], given.get(SelfAssessment.Kind.BASELINE), given[kind],
                           _figures(grouped[indicator, registration.cohort_id])[1][kind])
                for indicator, given in own.items() if kind in given]
    return sorted(compared, key=lambda comparison: (comparison.indicator.order, comparison.indicator.pk))


def changed(*args, **kwargs):
    """Signal-receiver friendly: an assessment arrived or went, so the cached public figures, and the cached pages
    that show them, are retired once the transaction commits."""
    pagecache.invalidate_on_commit()


def published(indicators, cohort=None):
    """[(indicator, Figure at baseline, Figure at the end, Figure of the change to the end)] over every cohort (or
    one), for the public "results" block: every municipality that answered counts once per indicator. Kept beside
    the cached pages and retired with them (`core.pagecache.remember`); below `MINIMUM_GROUP` the figures are empty
    like everywhere else."""
    indicators = [indicator.pk if isinstance(indicator, Indicator) else int(indicator) for indicator in indicators]
    key = f"outcomes:published:{cohort.pk if cohort else 'all'}:{','.join(map(str, indicators))}"
    return pagecache.remember(key, lambda: _published(indicators, cohort), PUBLISHED_SECONDS)


def _published(indicators, cohort):
    grouped = answers(cohorts=[cohort] if cohort else None, indicators=indicators)
    by_indicator = defaultdict(dict)
    for (indicator, _cohort), by_case in grouped.items():
        by_indicator[indicator].update(by_case)
    known = Indicator.objects.in_bulk(indicators)
    found = []
    for pk in indicators:
        if pk not in known:
            continue
        points, changes = _figures(by_indicator.get(pk, {}))
        found.append((known[pk], points[SelfAssessment.Kind.BASELINE], points[SelfAssessment.Kind.FINAL],
                      changes[SelfAssessment.Kind.FINAL]))
    return found
