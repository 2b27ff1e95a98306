"""The indicators the municipality assesses itself on, its assessments and their answers.

An `Indicator` is one question, kept as a row so that coordinators can revise the set later without changing what
was asked before: a revised question is a new row with the same `key` and the next `version`, and the old row is
made inactive, never edited, because answers point at it. A case's later assessments ask the indicators its first
assessment answered (`indicators_for`), so midway and final always compare like with like."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..registration.models import Registration

SCALE = range(1, 6)  # a scale indicator's answers, 1 (not at all) to 5 (fully); its help text says what each means
LARGEST_NUMBER = 100_000


class IndicatorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Indicator(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("Scale 1–5")
        NUMBER = "number", _("Number")

    key = models.SlugField(_("key"), max_length=50,
                           help_text=_("The same for every version of the question, to compare answers over time."))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    label = models.CharField(_("question"), max_length=300)
    help_text = models.TextField(_("help text"), blank=True, max_length=1000)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("asked in new assessments"), default=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [models.UniqueConstraint(fields=["key", "version"], name="one_indicator_per_key_and_version")]

    def __str__(self):
        return self.label

    @property
    def is_scale(self):
        return self.kind == self.Kind.SCALE


class SelfAssessment(models.Model):
    """One of the case's three assessments. The baseline carries the municipality's goals for the course and the
    final one its evaluation of the course; `submitted_by` is the person who sent it (kept as a name on the case,
    dropped when that person is erased: the answers are about the municipality, not about them)."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", _("Starting point")
        MIDWAY = "midway", _("Midway")
        FINAL = "final", _("End of the course")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="self_assessments",
                                     verbose_name=_("registration"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    goals = models.TextField(_("goals for the course"), blank=True, max_length=5000)
    course_evaluation = models.TextField(_("evaluation of the course"), blank=True, max_length=5000)
    submitted_by = models.ForeignKey("workflows.CasePerson", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("submitted by"))
    # The lead adviser (or a coordinator) who filled it in on the municipality's behalf once it was overdue
    # (`steps.stand_in`); `submitted_by` is then empty.
    filled_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("filled in by"))
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [models.UniqueConstraint(fields=["registration", "kind"],
                                               name="one_self_assessment_of_each_kind")]

    def __str__(self):
        return f"{self.registration}: {self.get_kind_display()}"


class Answer(models.Model):
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveIntegerField(_("answer"), validators=[MinValueValidator(0),
                                                                 MaxValueValidator(LARGEST_NUMBER)])

    class Meta:
        ordering = ["indicator__order", "indicator__pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["assessment", "indicator"], name="one_answer_per_indicator")]

    def __str__(self):
        return f"{self.indicator}: {self.value}"


def indicators_for(registration):
    """The indicators the case's assessments ask: those its first assessment answered (the baseline, normally), so
    later assessments ask the same questions; the active set for a case not yet assessed (or whose only assessment
    is being written, its answers still to come)."""
    first = registration.self_assessments.exclude(answers=None).order_by("submitted_at", "pk").first()
    if first is not None:
        return list(Indicator.objects.filter(answers__assessment=first))
    return list(Indicator.objects.active())
