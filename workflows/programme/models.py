"""Programmes, their cohorts and the 98 Danish municipalities that can join them."""

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    HOVEDSTADEN = "hovedstaden", _("Capital Region of Denmark")
    MIDTJYLLAND = "midtjylland", _("Central Denmark Region")
    NORDJYLLAND = "nordjylland", _("North Denmark Region")
    SJAELLAND = "sjaelland", _("Region Zealand")
    SYDDANMARK = "syddanmark", _("Region of Southern Denmark")


class Municipality(models.Model):
    """One of the 98 municipalities; loaded by a data migration from django-localflavor's list."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    # The organisation's number in the Danish business register: a MitID Erhverv sign-in names it
    # (`municipality.oidc`), and only the people of this municipality's cases sign in with it.
    cvr = models.CharField(
        _("CVR number"), max_length=8, blank=True,
        validators=[RegexValidator(r"^[0-9]{8}$", _("A CVR number has eight digits."))],
        help_text=_("Eight digits. People who sign in with MitID Erhverv for this CVR number reach this "
                    "municipality's courses (if they have been invited)."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [models.UniqueConstraint(fields=["cvr"], condition=~models.Q(cvr=""),
                                               name="one_municipality_per_cvr")]

    def __str__(self):
        return self.name


class Programme(models.Model):
    """An advisory programme. Its row is the seat lock: every seat change locks it (see `workflows.seats`)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    capacity = models.PositiveIntegerField(
        _("total capacity"), default=20, help_text=_("Municipalities over all cohorts together.")
    )
    partners = models.TextField(_("partner organisations"), blank=True, max_length=5000)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.name


class CohortQuerySet(models.QuerySet):
    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(registration_opens__lte=now, registration_closes__gt=now)


class Cohort(models.Model):
    """A start date of the 18-month course (January or August). Registration is open until `registration_closes`,
    to the second; the instant itself is already too late."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cohorts",
                                  verbose_name=_("programme"))
    label = models.CharField(_("label"), max_length=100)
    starts_on = models.DateField(_("course starts"))
    registration_opens = models.DateTimeField(_("registration opens"))
    registration_closes = models.DateTimeField(_("registration deadline"))
    capacity = models.PositiveIntegerField(
        _("own capacity"), null=True, blank=True,
        help_text=_("Optional cap for this cohort; the programme's total capacity always applies."),
    )
    duration_months = models.PositiveSmallIntegerField(_("duration in months"), default=18)

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")

    def __str__(self):
        return self.label

    @property
    def ends_on(self):
        return self.starts_on + relativedelta(months=self.duration_months)

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.registration_opens <= now < self.registration_closes

    def clean(self):
        errors = {}
        opens, closes = self.registration_opens, self.registration_closes
        if opens and closes and opens >= closes:
            errors["registration_closes"] = _("The registration deadline must come after registration opens.")
        if closes and self.starts_on and timezone.localdate(closes) > self.starts_on:
            errors["registration_closes"] = _("The registration deadline must come before the course starts.")
        if errors:
            raise ValidationError(errors)
