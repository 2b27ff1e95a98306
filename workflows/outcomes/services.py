"""Saving the municipality's self-assessments, and reading them side by side for every page that shows them."""

from dataclasses import dataclass, field

from django.db import transaction
from wagtail.log_actions import log

from .models import Answer, Indicator, SelfAssessment

# The audit log's action (registered in `workflows.wagtail_hooks`): it names the case and the assessment's record,
# never the answers.
SUBMITTED = "workflows.self_assessment_submitted"


def submit(registration, kind, *, answers, by, goals="", course_evaluation="", filled_in_by=None):
    """Store the case's assessment of `kind` (one of each) with its `answers` ({indicator: value}), sent by `by`
    (a person of the case), or filled in for the municipality by `filled_in_by` (a member of staff, `by` None)."""
    with transaction.atomic():
        assessment = SelfAssessment.objects.create(registration=registration, kind=kind, goals=goals,
                                                   course_evaluation=course_evaluation, submitted_by=by,
                                                   filled_in_by=filled_in_by)
        Answer.objects.bulk_create([Answer(assessment=assessment, indicator=indicator, value=value)
                                    for indicator, value in answers.items()])
        log(assessment, SUBMITTED, user=by.user if by else filled_in_by, title=str(registration),
            data={"registration": registration.pk, "kind": kind, "by": by.pk if by else None,
                  **({"filled_in_by": filled_in_by.pk} if filled_in_by else {})})
    return assessment


@dataclass
class Row:
    indicator: Indicator
    cells: list  # (kind, value) for each column of `Outcomes.columns`; the value None where not answered


@dataclass
class Outcomes:
    """A case's goals and assessments: `columns`, the kinds submitted in their order (baseline, midway, final), and
    one row per indicator answered with its answers side by side."""

    assessments: dict = field(default_factory=dict)  # {kind: SelfAssessment} of those submitted
    rows: list = field(default_factory=list)

    @property
    def columns(self):
        return [kind for kind in SelfAssessment.Kind if kind in self.assessments]

    @property
    def submitted(self):
        """The assessments sent, in the columns' order."""
        return [self.assessments[kind] for kind in self.columns]

    @property
    def baseline(self):
        return self.assessments.get(SelfAssessment.Kind.BASELINE)

    @property
    def final(self):
        return self.assessments.get(SelfAssessment.Kind.FINAL)

    def __bool__(self):
        return bool(self.assessments)


def outcomes(registration):
    """The case's `Outcomes`, in two queries."""
    assessments = {assessment.kind: assessment for assessment in
                   registration.self_assessments.select_related("submitted_by", "filled_in_by")}
    known = Outcomes(assessments)
    values, indicators = {}, {}
    for answer in Answer.objects.filter(assessment__in=assessments.values()).select_related("indicator"):
        indicators[answer.indicator_id] = answer.indicator
        values[answer.indicator_id, answer.assessment_id] = answer.value
    known.rows = [Row(indicator, [(kind, values.get((indicator.pk, assessments[kind].pk))) for kind in known.columns])
                  for indicator in sorted(indicators.values(), key=lambda indicator: (indicator.order, indicator.pk))]
    return known


def earlier_answers(registration):
    """[(heading, {indicator pk: value})] of the case's assessments so far, oldest first, for the next form."""
    known = outcomes(registration)
    return [(kind.label, {row.indicator.pk: value for row in known.rows for cell_kind, value in row.cells
                          if cell_kind == kind and value is not None})
            for kind in known.columns]
