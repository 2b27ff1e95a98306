"""A municipality's registration for a cohort: the case that carries the whole 18-month journey, the processes
that run on it, the staff's notes on it and the messages between the staff and the municipality."""

from django.conf import settings
from django.db import models
from django.db.models import Case, CharField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process

from core.personal_data import ERASED_EMAIL
from core.uploads import PrivateUpload

from ..programme.models import Cohort, Municipality, Programme


class WorkArea(models.TextChoices):
    SUPPORTED_HOUSING = "supported_housing", _("Supported housing")
    HOME_SUPPORT = "home_support", _("Home support")
    DROP_IN = "drop_in", _("Drop-in and activity centres")
    EMPLOYMENT = "employment", _("Employment and education")
    OUTREACH = "outreach", _("Outreach work")
    OTHER = "other", _("Other")


class PeerExperience(models.TextChoices):
    NONE = "none", _("We have not worked with peers yet")
    SOME = "some", _("We have tried working with peers")
    ESTABLISHED = "established", _("Peers are an established part of our work")


class RegistrationQuerySet(models.QuerySet):
    def waiting_list(self, today=None):
        """The waiting list, the one definition every figure reads: municipalities queued for a seat (`seat` is
        waiting) in a cohort that has not started, first come first served. A municipality that registered when
        its cohort was full is on it from the moment it registers, screened or not; once its cohort has started
        it can no longer get a seat there, so it is no longer waiting."""
        today = today or timezone.localdate()
        return self.filter(seat=Registration.Seat.WAITING, cohort__starts_on__gt=today).order_by("waiting_since", "pk")


class Registration(models.Model):
    """`status` is where the municipality is in its journey; `seat` is its place in the capacity.

    The journey continues after acceptance (kickoff, workshops, completion: issue 5's course flow), so the
    status list already holds those steps and the case has a lead adviser."""

    # Wagtail's reference index ("used by" in the admin) is for content; indexing every public submission would
    # queue two background jobs per save and tell editors nothing.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Registered, awaiting screening")
        ACCEPTED = "accepted", _("Accepted")
        WAITING_LIST = "waiting_list", _("On the waiting list")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        IN_COURSE = "in_course", _("In the course")
        COMPLETED = "completed", _("Completed")

    class Seat(models.TextChoices):
        SEATED = "seated", _("Has a seat")
        OFFERED = "offered", _("Seat offered")
        WAITING = "waiting", _("Waiting for a seat")
        NONE = "none", _("No seat")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="registrations",
                                  verbose_name=_("programme"))
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="registrations",
                               verbose_name=_("cohort"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="registrations",
                                     verbose_name=_("municipality"))
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    second_contact_name = models.CharField(_("second contact person"), max_length=200, blank=True)
    second_contact_email = models.EmailField(_("second contact email"), blank=True)
    manager_name = models.CharField(_("responsible manager"), max_length=200)
    manager_title = models.CharField(_("manager's title"), max_length=200)
    manager_email = models.EmailField(_("manager's email"))
    peer_experience = models.CharField(_("experience with peers"), max_length=20, choices=PeerExperience.choices)
    # Free-text answers have a sensible maximum (the form counts down; the server refuses more).
    peer_experience_details = models.TextField(_("about your experience"), blank=True, max_length=2000)
    work_areas = models.JSONField(_("areas where peers will work"), default=list)
    motivation = models.TextField(_("motivation"), max_length=3000)
    expected_participants = models.PositiveSmallIntegerField(_("expected participants"))
    consent = models.BooleanField(_("consent"), default=False)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    seat = models.CharField(_("seat"), max_length=10, choices=Seat.choices, default=Seat.NONE)
    waiting_since = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True, max_length=3000)
    lead_adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="lead_registrations", verbose_name=_("lead adviser"),
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        permissions = [
            ("work_cases", _("Can work on the municipalities' cases")),
            ("coordinate", _("Can coordinate the programme")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "municipality"], condition=~models.Q(status="withdrawn"),
                name="one_registration_per_municipality",
            )
        ]

    def __str__(self):
        return f"{self.municipality} – {self.cohort}"

    @property
    def region(self):
        return self.municipality.get_region_display()

    @property
    def is_anonymised(self):
        """The contact person has been erased (on request, or a year after the case closed)."""
        return self.contact_email == ERASED_EMAIL

    @property
    def phase(self):
        """Where the case is in its journey (`Phase`), read from its status and seat."""
        return phase_of(self)

    @property
    def phase_label(self):
        return self.phase.label

    @property
    def is_active(self):
        return self.status not in (self.Status.DECLINED, self.Status.WITHDRAWN)

    def waiting_position(self, today=None):
        """1-based place on the programme's waiting list (`RegistrationQuerySet.waiting_list`), or None."""
        if self.seat != self.Seat.WAITING or self.cohort.starts_on <= (today or timezone.localdate()):
            return None
        ahead = Registration.objects.filter(programme_id=self.programme_id).waiting_list(today).filter(
            models.Q(waiting_since__lt=self.waiting_since) | models.Q(waiting_since=self.waiting_since, pk__lt=self.pk)
        )
        return ahead.count() + 1

    def attended_information_meeting(self):
        return self.municipality.meetingsignup_set.filter(
            meeting__programme_id=self.programme_id, attended=True
        ).exists()


class Phase(models.TextChoices):
    SCREENING = "screening", _("Awaiting screening")
    WAITING = "waiting", _("On the waiting list")
    SEAT_OFFERED = "seat_offered", _("Seat offered")
    ACCEPTED = "accepted", _("Accepted")
    IN_COURSE = "in_course", _("In the course")
    COMPLETED = "completed", _("Completed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Which phase a case is in, first match wins: the one rule the Python side (`phase_of`) and the database side
# (`phase_expression`, for counting and filtering whole lists) both read. The journey's milestones and dates built
# on the phases are in `course.lifecycle`.
PHASE_RULES = [
    (Phase.DECLINED, {"status": [Registration.Status.DECLINED]}),
    (Phase.WITHDRAWN, {"status": [Registration.Status.WITHDRAWN]}),
    (Phase.COMPLETED, {"status": [Registration.Status.COMPLETED]}),
    (Phase.IN_COURSE, {"status": [Registration.Status.IN_COURSE]}),
    (Phase.ACCEPTED, {"status": [Registration.Status.ACCEPTED]}),
    (Phase.SEAT_OFFERED, {"seat": [Registration.Seat.OFFERED]}),
    (Phase.SCREENING, {"status": [Registration.Status.SUBMITTED]}),
    (Phase.WAITING, {"status": [Registration.Status.WAITING_LIST]}),
]
ENDED = (Phase.DECLINED, Phase.WITHDRAWN, Phase.COMPLETED)


def phase_of(registration):
    for phase, rule in PHASE_RULES:
        if all(getattr(registration, field) in values for field, values in rule.items()):
            return phase
    raise ValueError(f"no phase for status={registration.status} seat={registration.seat}")


def phase_expression(prefix=""):
    """The phase as a database expression: `Registration.objects.annotate(phase=phase_expression())`."""
    return Case(*[When(Q(**{f"{prefix}{field}__in": values for field, values in rule.items()}), then=Value(phase))
                  for phase, rule in PHASE_RULES], output_field=CharField())


def in_phase(phase, prefix=""):
    """A filter for the cases in `phase` (the first matching rule, so earlier rules are excluded)."""
    condition = Q()
    for candidate, rule in PHASE_RULES:
        matches = Q(**{f"{prefix}{field}__in": values for field, values in rule.items()})
        if candidate == phase:
            return condition & matches
        condition &= ~matches
    raise ValueError(phase)



class DecisionText(models.Model):
    """The paragraph of a decision email that staff write themselves; the rest of the email is fixed."""

    class Decision(models.TextChoices):
        ACCEPT = "accept", _("Accepted")
        WAITING_LIST = "waiting_list", _("Waiting list")
        DECLINE = "decline", _("Declined")
        SEAT_GRANTED = "seat_granted", _("Seat from the waiting list")

    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, unique=True)
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("text"), max_length=5000)

    class Meta:
        verbose_name = _("decision email text")
        verbose_name_plural = _("decision email texts")

    def __str__(self):
        return self.get_decision_display()


class RegistrationProcess(Process):
    """A flow about one registration: its screening, a waiting-list seat offer, later the course itself."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="processes")

    class Meta:
        verbose_name = _("registration process")
        verbose_name_plural = _("registration processes")
        permissions = [
            ("screen_registration", _("Can screen registrations")),
            ("offer_seat", _("Can offer waiting-list seats")),
        ]


class CaseNote(models.Model):
    """An internal note on a case; never shown to the municipality."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    text = models.TextField(_("note"), max_length=5000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)  # by its author; the audit log keeps who

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self):
        return self.text[:60]


class CaseMessage(models.Model):
    """A message between the staff and the municipality about its case, in the case's one thread: written on the
    case page by its lead adviser or a coordinator (`to_municipality`, with a subject), or in "Jeres forløb" by one
    of the municipality's people (`from_municipality`), each with its attachments. The thread shows them to the
    municipality's people; email only tells that there is a new one (`outbox_message`: the notice to the contact
    person). The case's timeline shows them to the staff.

    A message written before the thread existed (`in_thread` off) was emailed whole to the contact person alone and
    stays theirs: the thread, which every colleague of theirs reads, leaves it out."""

    class Direction(models.TextChoices):
        TO_MUNICIPALITY = "to_municipality", _("To the municipality")
        FROM_MUNICIPALITY = "from_municipality", _("From the municipality")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("written by"))
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("message"), max_length=5000)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    outbox_message = models.ForeignKey("core.OutboxMessage", on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="case_messages", verbose_name=_("email"))
    in_thread = models.BooleanField(_("in the thread"), default=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("message to or from the municipality")
        verbose_name_plural = _("messages to and from the municipality")

    def __str__(self):
        return f"{self.get_direction_display()} ({self.registration})"


class MessageAttachment(PrivateUpload):
    """A file sent with a message (core.uploads: checked, private, downloaded only by the case's people and the
    staff who may see its history)."""

    message = models.ForeignKey(CaseMessage, on_delete=models.CASCADE, related_name="attachments",
                                verbose_name=_("message"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.filename


class ThreadVisit(models.Model):
    """When someone last read a case's messages: one of the municipality's people on their thread, a member of
    staff on the case page. What the other side wrote since is new to them."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registration", "user"], name="one_visit_per_case_and_user")]

    def __str__(self):
        return f"{self.user} ({self.registration})"
