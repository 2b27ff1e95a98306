"""The aggregation of the self-assessments (workflows.outcomes.results) against a plain recomputation over random
answer sets (Hypothesis), and the threshold: below five municipalities a figure carries its count and nothing else."""

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devtools.factories.workflows import CohortFactory, ProgrammeFactory, RegistrationFactory
from workflows.outcomes import results
from workflows.outcomes.models import Answer, Indicator, SelfAssessment
from workflows.programme.models import Municipality, Region
from workflows.registration.models import Registration

pytestmark = pytest.mark.django_db

KINDS = [SelfAssessment.Kind.BASELINE, SelfAssessment.Kind.MIDWAY, SelfAssessment.Kind.FINAL]
# Through the database: a few examples, each with its own cases (the grouping by cohort, indicator and case).
THROUGH_THE_DATABASE = settings(max_examples=8, deadline=None,
                                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def quantile(values, p):
    """The p-quantile by linear interpolation between the closest ranks, position (n - 1) * p: what the inclusive
    method of `statistics.quantiles` computes, written out by hand."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * p
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def expected(values):
    if len(values) < 5:
        return (len(values), None, None, None)
    return (len(values), quantile(values, 0.5), quantile(values, 0.25), quantile(values, 0.75))


def as_tuple(figure):
    return (figure.n, figure.median, figure.lower_quartile, figure.upper_quartile)


def close(found, wanted):
    return found[0] == wanted[0] and all(
        (a is None and b is None) or (a is not None and b is not None and math.isclose(a, b, abs_tol=1e-9))
        for a, b in zip(found[1:], wanted[1:], strict=True))


@pytest.fixture
def world():
    programme = ProgrammeFactory()
    cohorts = [CohortFactory(programme=programme), CohortFactory(programme=programme)]
    indicators = list(Indicator.objects.active()[:2])
    return programme, cohorts, indicators


# One case: its cohort (0 or 1), and for each of two indicators its answer at each point, or None if not answered.
case = st.tuples(st.integers(0, 1),
                 st.lists(st.lists(st.one_of(st.none(), st.integers(0, 40)), min_size=3, max_size=3),
                          min_size=2, max_size=2))


def store(world, cases):
    _programme, cohorts, indicators = world
    municipalities = list(Municipality.objects.order_by("pk")[:len(cases)])
    stored = []
    for (cohort, given_answers), municipality in zip(cases, municipalities, strict=False):
        registration = RegistrationFactory(cohort=cohorts[cohort], municipality=municipality)
        for point, kind in enumerate(KINDS):
            values = {indicator: answers[point] for indicator, answers in zip(indicators, given_answers, strict=True)
                      if answers[point] is not None}
            if values:
                assessment = SelfAssessment.objects.create(registration=registration, kind=kind)
                Answer.objects.bulk_create([Answer(assessment=assessment, indicator=indicator, value=value)
                                            for indicator, value in values.items()])
        stored.append((registration, cohorts[cohort], given_answers))
    return stored


@given(answers=st.dictionaries(st.integers(1, 10_000), st.fixed_dictionaries({}, optional={
    kind: st.integers(0, 100_000) for kind in KINDS}), max_size=40))
def test_the_figures_of_one_group_agree_with_a_plain_recomputation(answers):
    """Many random groups, no database: {case: {kind: value}} as `results.answers` groups them."""
    points, changes = results._figures(answers)
    for kind in KINDS:
        assert close(as_tuple(points[kind]), expected([given[kind] for given in answers.values() if kind in given]))
    for kind in (SelfAssessment.Kind.MIDWAY, SelfAssessment.Kind.FINAL):
        assert close(as_tuple(changes[kind]), expected([given[kind] - given[SelfAssessment.Kind.BASELINE]
                                                        for given in answers.values()
                                                        if kind in given and SelfAssessment.Kind.BASELINE in given]))


@THROUGH_THE_DATABASE
@given(cases=st.lists(case, max_size=12))
def test_the_figures_per_cohort_and_indicator_agree_with_a_plain_recomputation(world, cases):
    Registration.objects.all().delete()  # each example starts from no cases
    stored = store(world, cases)
    _programme, cohorts, indicators = world
    found = {(result.indicator.pk, result.cohort.pk): result for result in results.results(cohorts=cohorts)}
    for cohort in cohorts:
        for position, indicator in enumerate(indicators):
            rows = [answers[position] for _registration, its_cohort, answers in stored if its_cohort == cohort]
            result = found.get((indicator.pk, cohort.pk))
            if not any(value is not None for row in rows for value in row):
                assert result is None  # no answers, no result
                continue
            for point, kind in enumerate(KINDS):
                wanted = expected([row[point] for row in rows if row[point] is not None])
                assert close(as_tuple(result.points[kind]), wanted), (kind, rows)
            for point, kind in ((1, SelfAssessment.Kind.MIDWAY), (2, SelfAssessment.Kind.FINAL)):
                wanted = expected([row[point] - row[0] for row in rows
                                   if row[point] is not None and row[0] is not None])
                assert close(as_tuple(result.changes[kind]), wanted), (kind, rows)


@THROUGH_THE_DATABASE
@given(cases=st.lists(case, max_size=12))
def test_no_figure_below_the_threshold_carries_a_value(world, cases):
    Registration.objects.all().delete()  # each example starts from no cases
    store(world, cases)
    for result in results.results():
        for figure in [*result.points.values(), *result.changes.values()]:
            assert figure.shown == (figure.n >= results.MINIMUM_GROUP)
            if not figure.shown:
                assert (figure.median, figure.lower_quartile, figure.upper_quartile) == (None, None, None)


def test_a_region_filter_that_narrows_a_group_below_five_hides_it(world):
    _programme, cohorts, indicators = world
    in_region = list(Municipality.objects.filter(region=Region.NORDJYLLAND).order_by("pk")[:3])
    elsewhere = list(Municipality.objects.exclude(region=Region.NORDJYLLAND).order_by("pk")[:3])
    for municipality in in_region + elsewhere:
        registration = RegistrationFactory(cohort=cohorts[0], municipality=municipality)
        assessment = SelfAssessment.objects.create(registration=registration, kind=SelfAssessment.Kind.BASELINE)
        Answer.objects.create(assessment=assessment, indicator=indicators[0], value=3)

    everyone = results.results(cohorts=[cohorts[0]], indicators=[indicators[0]])
    assert everyone[0].points[SelfAssessment.Kind.BASELINE].median == 3
    narrowed = results.results(cohorts=[cohorts[0]], region=Region.NORDJYLLAND, indicators=[indicators[0]])
    assert as_tuple(narrowed[0].points[SelfAssessment.Kind.BASELINE]) == (3, None, None, None)
    assert not narrowed[0].shown


def test_versions_of_a_question_are_never_mixed(world):
    _programme, cohorts, indicators = world
    revised = Indicator.objects.create(key=indicators[0].key, version=indicators[0].version + 1, label="Ny ordlyd",
                                       kind=indicators[0].kind)
    for number, municipality in enumerate(Municipality.objects.order_by("pk")[:10]):
        registration = RegistrationFactory(cohort=cohorts[0], municipality=municipality)
        assessment = SelfAssessment.objects.create(registration=registration, kind=SelfAssessment.Kind.BASELINE)
        Answer.objects.create(assessment=assessment, indicator=indicators[0] if number < 5 else revised,
                              value=1 if number < 5 else 5)
    medians = {result.indicator.pk: result.points[SelfAssessment.Kind.BASELINE].median
               for result in results.results(cohorts=[cohorts[0]])}
    assert medians == {indicators[0].pk: 1, revised.pk: 5}


def test_the_figures_take_three_queries_however_many_cases(world, django_assert_num_queries):
    _programme, cohorts, indicators = world
    for municipality in Municipality.objects.order_by("pk")[:12]:
        registration = RegistrationFactory(cohort=cohorts[0], municipality=municipality)
        for kind in KINDS:
            assessment = SelfAssessment.objects.create(registration=registration, kind=kind)
            Answer.objects.bulk_create([Answer(assessment=assessment, indicator=indicator, value=2)
                                        for indicator in indicators])
    with django_assert_num_queries(3):
        assert len(results.results()) == 2
