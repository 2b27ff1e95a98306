"""The course's documents: what the agency shares with a whole cohort or with one municipality (agendas, slides), and
what a municipality uploads to its case (the collaboration agreement, job descriptions for its peers).

Each is a private upload (core.uploads: checked by its content, kept where no web server serves it, downloaded only
through a view that asks who may have it every time). A cohort's documents reach the municipalities of that cohort
that are in the course (`cohort_cases`); who shares, sees and deletes which is decided in
`workflows.permissions`, and the sharing itself (the emails, the audit log) in `municipality.exchange`."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.uploads import PrivateUpload

from ..programme.models import Cohort
from ..registration.models import Registration


def cohort_cases(cohort_id):
    """The cases a cohort's documents reach: its municipalities in the course (accepted, and not ended since)."""
    return Registration.objects.filter(cohort_id=cohort_id, course__isnull=False).exclude(
        status__in=[Registration.Status.DECLINED, Registration.Status.WITHDRAWN])


class CourseDocumentQuerySet(models.QuerySet):
    def for_case(self, registration):
        """The documents of the case: its own, and its cohort's while the municipality is in the course."""
        shown = Q(registration=registration)
        if cohort_cases(registration.cohort_id).filter(pk=registration.pk).exists():
            shown |= Q(cohort_id=registration.cohort_id)
        return self.filter(shown)


class CourseDocument(PrivateUpload):
    class Source(models.TextChoices):
        AGENCY = "agency", _("Shared by the agency")
        MUNICIPALITY = "municipality", _("Uploaded by the municipality")

    class Kind(models.TextChoices):
        """What a municipality uploads (the agency's documents have no kind)."""

        AGREEMENT = "agreement", _("Collaboration agreement")
        JOB_DESCRIPTION = "job_description", _("Job description for peers")
        OTHER = "other", _("Other")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, null=True, blank=True, related_name="documents",
                               verbose_name=_("cohort"))
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="documents", verbose_name=_("registration"))
    source = models.CharField(_("shared by"), max_length=20, choices=Source.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=1000, blank=True)

    objects = CourseDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("course document")
        verbose_name_plural = _("course documents")
        constraints = [
            # A cohort's or one case's; a municipality uploads only to its own case.
            models.CheckConstraint(
                condition=(Q(cohort__isnull=True, registration__isnull=False)
                           | Q(cohort__isnull=False, registration__isnull=True, source="agency")),
                name="course_document_of_a_cohort_or_a_case"),
        ]

    def __str__(self):
        return self.title

    @property
    def from_municipality(self):
        return self.source == self.Source.MUNICIPALITY
