"""The 18-month course of an accepted municipality and everything recorded along the way.

Design: the course's flows (`course.flows`) run on the registration's own process model (`RegistrationProcess`),
so the registration stays the one case that carries the whole journey and a withdrawal cancels screening, course
and workshop processes alike (`registration.services.withdraw`). The domain data lives here: `Course` (kickoff,
start date, the competence partner) with its workshops, guidance sessions, evaluations
and module enrolments."""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core.models import CalendarSequence

from ..programme.models import Programme
from ..registration.models import Registration

MANDATORY_MODULES_WITHIN = relativedelta(months=12)
AT_RISK_FROM = relativedelta(months=9)  # three months before the deadline an unfinished mandatory module is a risk


class CourseQuerySet(models.QuerySet):
    def at_risk(self, today=None):
        """Running courses with unfinished mandatory modules, from three months before the one-year deadline."""
        today = today or timezone.localdate()
        return self.filter(
            closed_at=None, starts_on__lte=today - AT_RISK_FROM,
            enrolments__module__mandatory=True, enrolments__completed_on__isnull=True,
        ).exclude(registration__status=Registration.Status.WITHDRAWN).distinct()


class Course(CalendarSequence):
    """One municipality's course; created when its registration is accepted. Its kickoff goes out as a calendar
    file, revised when the time or place changes."""

    calendar_fields = ("kickoff_at", "kickoff_place", "kickoff_url")

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="course")
    starts_on = models.DateField(_("course starts"))
    kickoff_at = models.DateTimeField(_("kickoff"), null=True, blank=True)
    kickoff_place = models.CharField(_("place"), max_length=200, blank=True)
    kickoff_url = models.URLField(_("online meeting link"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    lead_adviser_assigned_at = models.DateTimeField(_("lead adviser assigned"), null=True, blank=True,
                                                    editable=False)
    competence_partner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="partner_courses", verbose_name=_("competence partner"),
        help_text=_("The partner organisation's contact who enrols participants and records completed modules."),
    )

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        permissions = [
            ("assign_lead_adviser", _("Can assign the lead adviser of a course")),
            ("run_course", _("Can carry out course tasks")),
            ("deliver_competence", _("Can deliver competence development to assigned courses")),
        ]

    def __str__(self):
        return str(self.registration)

    @property
    def ends_on(self):
        return self.starts_on + relativedelta(months=self.registration.cohort.duration_months)

    @property
    def midway_on(self):
        return self.starts_on + relativedelta(months=9)

    @property
    def mandatory_deadline(self):
        return self.starts_on + MANDATORY_MODULES_WITHIN

    def next_guidance_on(self):
        """When the next guidance session falls due: a month after the last one (booked or held), or a month after
        the kickoff for the first."""
        last = next((session.day for session in reversed(list(self.guidance_sessions.all())) if session.day), None)
        base = last or (timezone.localdate(self.kickoff_at) if self.kickoff_at else self.starts_on)
        return base + relativedelta(months=1)

    @property
    def guidance_sessions_held(self):
        return sum(1 for session in self.guidance_sessions.all() if session.held_on)

    def booked_guidance_session(self):
        """The session booked and not yet recorded, if any."""
        return self.guidance_sessions.filter(held_on=None).exclude(starts_at=None).order_by("-number").first()

    def open_mandatory_enrolments(self):
        return self.enrolments.filter(module__mandatory=True, completed_on__isnull=True)

    def competence_at_risk(self, today=None):
        """True when mandatory modules are unfinished and the one-year deadline is near or past."""
        today = today or timezone.localdate()
        return today >= self.starts_on + AT_RISK_FROM and self.open_mandatory_enrolments().exists()


class Audience(models.TextChoices):
    MANAGEMENT = "management", _("Management")
    STAFF = "staff", _("Staff")
    PEERS = "peers", _("Peers")
    CITIZENS = "citizens", _("Citizens")
    MIXED = "mixed", _("Mixed")


class Workshop(CalendarSequence):
    """A development workshop with one audience; each has its own `WorkshopFlow` (prepare, hold, record)."""

    calendar_fields = ("starts_at", "duration_minutes", "place")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="workshops")
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"), default=180)
    place = models.CharField(_("place"), max_length=200)
    agenda = models.TextField(_("agenda"), blank=True, max_length=5000)
    attendance = models.PositiveSmallIntegerField(_("attendance"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=5000)
    agreed_actions = models.TextField(_("agreed actions"), blank=True, max_length=5000)
    recorded_at = models.DateTimeField(_("outcome recorded"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")

    def __str__(self):
        return f"{self.get_audience_display()}, {formats.date_format(timezone.localdate(self.starts_at))}"

    @property
    def ends_at(self):
        return self.starts_at + relativedelta(minutes=self.duration_minutes)

    @property
    def answer(self):
        """The municipality's answer before the workshop (`WorkshopResponse`), or None while it has not answered."""
        try:
            return self.response
        except WorkshopResponse.DoesNotExist:
            return None


class GuidanceSession(CalendarSequence):
    """One session of the ongoing guidance: booked with the municipality (a time, and a place or a video link; the
    municipality gets an invitation with a calendar file), then recorded with the adviser's notes once held. A
    session recorded before sessions were booked has only `held_on`."""

    calendar_fields = ("starts_at", "duration_minutes", "place", "meeting_url")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="guidance_sessions")
    number = models.PositiveSmallIntegerField(_("session"))
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"), default=60)
    place = models.CharField(_("place"), max_length=200, blank=True)
    meeting_url = models.URLField(_("online meeting link"), blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=5000)

    class Meta:
        ordering = ["number"]
        verbose_name = _("guidance session")
        verbose_name_plural = _("guidance sessions")

    def __str__(self):
        when = self.held_on or (timezone.localdate(self.starts_at) if self.starts_at else None)
        return f"{self.number}: {formats.date_format(when)}" if when else str(self.number)

    @property
    def ends_at(self):
        return self.starts_at + relativedelta(minutes=self.duration_minutes) if self.starts_at else None

    @property
    def day(self):
        """The day it was held, or is booked for."""
        return self.held_on or (timezone.localdate(self.starts_at) if self.starts_at else None)


class Evaluation(models.Model):
    """The midway status (month 9) and the final evaluation (month 18), both with the same structure."""

    class Kind(models.TextChoices):
        MIDWAY = "midway", _("Midway status")
        FINAL = "final", _("Final evaluation")

    class Progress(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        PARTLY = "partly", _("Partly on track")
        OFF_TRACK = "off_track", _("Off track")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="evaluations")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    progress = models.CharField(_("progress towards the goals"), max_length=10, choices=Progress.choices)
    peers_involved = models.PositiveSmallIntegerField(_("peers involved"))
    achievements = models.TextField(_("what has been achieved"), max_length=5000)
    challenges = models.TextField(_("challenges"), blank=True, max_length=5000)
    next_steps = models.TextField(_("next steps"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [models.UniqueConstraint(fields=["course", "kind"], name="one_evaluation_of_each_kind")]

    def __str__(self):
        return self.get_kind_display()


class CompetenceModule(models.Model):
    """A module of the competence development catalogue, delivered by one of the partner organisations."""

    class Provider(models.TextChoices):
        COLLEGE = "college", _("University college")
        PEER_ORGANISATION = "peer_organisation", _("Peer organisation")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="modules",
                                  verbose_name=_("programme"))
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices[:3])
    mandatory = models.BooleanField(_("mandatory"), default=False)
    provider = models.CharField(_("provider"), max_length=20, choices=Provider.choices)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))

    class Meta:
        ordering = ["starts_on", "title"]
        verbose_name = _("competence module")
        verbose_name_plural = _("competence modules")

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A module cannot end before it starts.")})


class ParticipantRole(models.TextChoices):
    """The role in the municipality of someone who takes part: in the competence modules, or in a workshop."""

    MANAGER = "manager", _("Manager")
    STAFF = "staff", _("Staff member")
    PEER = "peer", _("Peer")


class Nomination(models.Model):
    """Someone the municipality puts forward for competence modules (`course.participation.nominate`). The
    competence partner confirms the nomination, which enrols the person in the chosen modules (`Enrolment`s that
    point back here), or declines it with a reason the municipality reads. The address is kept so that the partner
    and later evaluations can reach the participant; erasing the person deletes the nomination
    (`workflows.personal_data`)."""

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="nominations")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254, help_text=_("Stored in lower case."))
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    modules = models.ManyToManyField(CompetenceModule, related_name="nominations", verbose_name=_("modules"))
    # The municipality's person who nominated (null once they are erased); the workflows.CasePerson of the
    # municipality package, named by string: the course does not build on the municipality's workspace.
    nominated_by = models.ForeignKey("workflows.CasePerson", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("nominated by"))
    nominated_at = models.DateTimeField(_("nominated"), default=timezone.now)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOMINATED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True, max_length=1000)

    class Meta:
        ordering = ["nominated_at", "name", "pk"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [models.UniqueConstraint(fields=["course", "email"], name="one_nomination_per_address")]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


class Enrolment(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    module = models.ForeignKey(CompetenceModule, on_delete=models.PROTECT, related_name="enrolments")
    participant = models.CharField(_("participant"), max_length=200)
    # The confirmed nomination it came from; null for someone enrolled by hand on the case page.
    nomination = models.ForeignKey(Nomination, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="enrolments", verbose_name=_("nomination"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    completion_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("completion recorded by"))
    completion_recorded_at = models.DateTimeField(_("completion recorded"), null=True, blank=True)

    class Meta:
        ordering = ["module__starts_on", "participant"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["course", "module", "participant"], name="one_enrolment_per_participant")
        ]

    def __str__(self):
        return f"{self.participant}: {self.module}"


class WorkshopResponse(models.Model):
    """The municipality's answer before a workshop (`course.participation.respond_to_workshop`): who of its
    management, staff and peers come, by name and address so that later evaluations can reach them
    (`WorkshopAttendee`), how many citizens come (a count only: citizens stay anonymous), and what it wishes on the
    agenda. The adviser's preparation shows it when it is there; the workshop goes ahead without it."""

    workshop = models.OneToOneField(Workshop, on_delete=models.CASCADE, related_name="response",
                                    verbose_name=_("workshop"))
    citizens = models.PositiveSmallIntegerField(_("citizens"), default=0)
    agenda_wishes = models.TextField(_("wishes for the agenda"), blank=True, max_length=2000)
    submitted_by = models.ForeignKey("workflows.CasePerson", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("workshop response")
        verbose_name_plural = _("workshop responses")

    def __str__(self):
        return str(self.workshop)

    def counts(self):
        """[(role label, how many)] of the people coming, in the roles' order, citizens last."""
        attendees = list(self.attendees.all())
        return [*((label, sum(1 for person in attendees if person.role == role))
                  for role, label in ParticipantRole.choices), (_("Citizens"), self.citizens)]


class WorkshopAttendee(models.Model):
    """One of the municipality's people who will take part in a workshop."""

    response = models.ForeignKey(WorkshopResponse, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("workshop participant")
        verbose_name_plural = _("workshop participants")
        constraints = [models.UniqueConstraint(fields=["response", "email"], name="one_attendee_per_address")]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


FEEDBACK_LINK_LIFETIME = relativedelta(days=30)
FEEDBACK_SCALE = [(value, str(value)) for value in range(1, 6)]  # 1 strongly disagree ... 5 strongly agree


class FeedbackInvitation(models.Model):
    """An invitation to evaluate a workshop, sent by email to one of the participants the municipality listed
    (`WorkshopAttendee`) once the adviser has recorded the workshop's outcome (`course.feedback.invite`); one per
    participant and workshop, so recording twice sends nothing more.

    The link's secret is stored only as its SHA-256 (`token_hash`): the database alone opens no form. The invitation
    records *that* it was used, not when: a time of use could be matched with the answer it gave. The answer
    (`WorkshopFeedback`) has no field that leads back here. The link to the participant is personal data: erasing
    them deletes their invitations (`workflows.personal_data`), and every invitation is deleted a while after its
    link expired."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="feedback_invitations",
                                 verbose_name=_("workshop"))
    attendee = models.ForeignKey(WorkshopAttendee, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="feedback_invitations", verbose_name=_("workshop participant"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    used = models.BooleanField(_("answered"), default=False)

    class Meta:
        verbose_name = _("workshop evaluation invitation")
        verbose_name_plural = _("workshop evaluation invitations")
        constraints = [models.UniqueConstraint(fields=["workshop", "attendee"],
                                               name="one_feedback_invitation_per_participant")]

    def __str__(self):
        return str(self.workshop)

    @property
    def expires_at(self):
        return self.sent_at + FEEDBACK_LINK_LIFETIME


class WorkshopFeedback(models.Model):
    """One participant's anonymous evaluation of a workshop: their role, four statements on a scale from 1 (strongly
    disagree) to 5 (strongly agree) and an optional comment.

    Anonymous by construction: no field names the invitation, the participant or any other person, and the row is
    dated by the day only, so it cannot be matched with an invitation by time. It is read only in aggregate, per
    workshop type and once enough answers stand behind a figure (`course.feedback.results`)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="feedback",
                                 verbose_name=_("workshop"))
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    useful = models.PositiveSmallIntegerField(_("The workshop was useful for our work"), choices=FEEDBACK_SCALE)
    next_steps = models.PositiveSmallIntegerField(_("We agreed on concrete next steps"), choices=FEEDBACK_SCALE)
    peers_heard = models.PositiveSmallIntegerField(_("The peer perspective was heard"), choices=FEEDBACK_SCALE)
    recommend = models.PositiveSmallIntegerField(_("I would recommend the workshop to others"), choices=FEEDBACK_SCALE)
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    created_on = models.DateField(_("answered on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("workshop evaluation")
        verbose_name_plural = _("workshop evaluations")

    def __str__(self):
        return str(self.workshop)
