"""Saving the municipality's self-assessments, reading them side by side for every page that shows them, and
revising the indicators they answer."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from wagtail.actions.create import CreateAction
from wagtail.actions.edit import EditAction
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


# What a question says: once answers point at the row, a change to any of these makes a new version (`revise`).
WORDING = ("label", "help_text", "kind")
REVISED = (*WORDING, "order", "active")


class Superseded(Exception):
    """Only the newest version of a question is revised: this one has a newer version (made by a colleague a moment
    ago, perhaps), which is `newest`."""

    def __init__(self, newest):
        super().__init__(newest.pk)
        self.newest = newest


def revise(indicator, changes, by):
    """Apply `changes` ({field: value} of `REVISED`) to the question `indicator` for the coordinator `by`, and
    return the row that asks it from now on.

    Answers keep the meaning they were given with: a row that has answers is never reworded. A change to its wording,
    help text or kind makes a new row instead, with the same key and the next version, asked in new assessments
    (unless `changes` says otherwise), and the old row is no longer asked; a case that answered the old row goes on
    being asked it (`models.indicators_for`). The order and whether the question is asked change in place, and so
    does everything on a row nobody has answered. Wagtail's own create and edit actions save the rows, so the audit
    log and each row's history say who did what, as for any record kept in the admin.

    One transaction, holding the key's rows (SELECT ... FOR UPDATE): two coordinators revising the question at once
    make their versions one after the other, and the second, having edited a version no longer the newest, is
    refused (`Superseded`). On PostgreSQL an answer being saved to this row meanwhile waits for the lock too (its
    foreign key check takes a lock that FOR UPDATE excludes), so a row is never reworded under a fresh answer."""
    with transaction.atomic():
        list(Indicator.objects.select_for_update().filter(key=indicator.key))
        current = Indicator.objects.get(pk=indicator.pk)
        newest = Indicator.objects.filter(key=current.key).aggregate(Max("version"))["version__max"]
        if current.version != newest:
            raise Superseded(Indicator.objects.get(key=current.key, version=newest))
        changes = {name: value for name, value in changes.items() if name in REVISED}
        reworded = any(name in WORDING and value != getattr(current, name) for name, value in changes.items())
        if not reworded or not current.answers.exists():
            for name, value in changes.items():
                setattr(current, name, value)
            return EditAction(current, user=by).execute(skip_permission_checks=True)
        revised = Indicator(**{name: getattr(current, name) for name in REVISED}, key=current.key,
                            version=newest + 1)
        for name, value in {"active": True, **changes}.items():
            setattr(revised, name, value)
        revised = CreateAction(revised, user=by).execute(skip_permission_checks=True)
        current.active = False
        EditAction(current, user=by).execute(skip_permission_checks=True)
        return revised
