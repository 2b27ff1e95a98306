"""What the programme stores about a person, for access and erasure requests (see core.personal_data).

A registration belongs to the municipality, so erasure keeps the case and removes the person from it (and once its
contact person is erased, the status link opens nothing and a running case ends); a meeting sign-up is only about
the person, so it is deleted. Staff notes, messages to and from the municipality, free-text answers and the
course's records are searched for the person's address, name and phone number, and each mention is replaced: the
address anywhere, the name and number only in the person's cases (those that name them by address, or whose records
quote it), so that a namesake's case is left alone. The people of those cases are those whose mail may be about the
person (`core.personal_data.OutboxData`)."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core.personal_data import (
    ANONYMISE,
    DELETE,
    ERASED,
    ERASED_EMAIL,
    Mentions,
    PersonalDataSource,
    change,
    describe,
    not_personal,
    register,
)

from .course.models import FeedbackInvitation
from .course.personal_data import NominationData  # noqa: F401 (registers who takes part in a course)
from .models import MeetingSignup, Registration
from .municipality.personal_data import CasePeopleData  # noqa: F401 (registers the municipality's people)
from .registration import services
from .registration.models import ENDED

ERASED_NAME = ERASED
ENDED_REASON = "Kontaktpersonens oplysninger er slettet efter anmodning."


def _case_pks(keys):
    return [int(key) for key in keys if str(key).isdigit()]


@register
class MeetingSignupData(PersonalDataSource):
    label = "Tilmeldinger til informationsmøder"
    covers = ["workflows.MeetingSignup.name", "workflows.MeetingSignup.email", "workflows.MeetingSignup.role"]

    def _signups(self, email):
        return MeetingSignup.objects.filter(email__iexact=email).select_related("meeting", "municipality")

    def identify(self, email):
        return set(self._signups(email).values_list("name", flat=True)), ()

    def export(self, person):
        return [
            {"meeting": signup.meeting.starts_at.isoformat(), "name": signup.name, "email": signup.email,
             "municipality": signup.municipality.name, "role": signup.role, "attended": signup.attended,
             "cancelled_at": signup.cancelled_at.isoformat() if signup.cancelled_at else None}
            for signup in self._signups(person.email)
        ]

    def plan(self, person):
        return [
            change(signup, DELETE, (), signup.delete, record=describe(signup, str(signup.meeting)),
                   values=[signup.name, signup.email, signup.role])
            for signup in self._signups(person.email).order_by("pk")
        ]


# (name field, email field, other fields about the person) of each person a registration names
ROLES = [
    ("contact_name", "contact_email", ["contact_phone"]),
    ("second_contact_name", "second_contact_email", []),
    ("manager_name", "manager_email", ["manager_title"]),
]


@register
class RegistrationContactData(PersonalDataSource):
    """The people a registration names, found by their address. Their cases are where their names count (`cases`)
    and the people of those cases are those whose mail may be about them (`addresses`)."""

    label = "Kontaktpersoner og ledere i tilmeldinger til rådgivningsforløb"
    covers = [f"workflows.Registration.{name}" for role in ROLES for name in (role[0], role[1], *role[2])]

    def _matches(self, email):
        query = Q()
        for _name, email_field, _other in ROLES:
            query |= Q(**{f"{email_field}__iexact": email})
        return Registration.objects.filter(query).select_related("municipality", "cohort").order_by("pk")

    def identify(self, email):
        names, phones = set(), set()
        for registration in self._matches(email):
            for name_field, email_field, _other in ROLES:
                if getattr(registration, email_field).lower() == email.lower():
                    names.add(getattr(registration, name_field))
                    if email_field == "contact_email":
                        phones.add(registration.contact_phone)
        return names, phones

    def cases(self, email):
        return {str(pk) for pk in self._matches(email).values_list("pk", flat=True)}

    def addresses(self, person):
        found = {}
        for registration in Registration.objects.filter(pk__in=_case_pks(person.cases)).select_related(
                "municipality", "cohort"):
            for _name, email_field, _other in ROLES:
                found.setdefault(getattr(registration, email_field), str(registration))
        return found

    def export(self, person):
        found = []
        for registration in self._matches(person.email):
            for name_field, email_field, other in ROLES:
                if person.is_address(getattr(registration, email_field)):
                    found.append({
                        "registration": str(registration), "role": name_field,
                        "name": getattr(registration, name_field), "email": getattr(registration, email_field),
                        **{name: getattr(registration, name) for name in other},
                    })
        return found

    def plan(self, person):
        """Remove the person from every registration that names them. A case whose contact person is erased while
        it runs has nobody left to reach and no status link: it ends (`registration.services.end_case`), its seat
        goes to the next in line and its open tasks are cancelled; the change lists the fields that ending sets."""
        changes = []
        for registration in self._matches(person.email):
            new = anonymised(registration, only=person.email)
            if _ends(registration, person):
                new.update(status=Registration.Status.WITHDRAWN, seat=Registration.Seat.NONE, waiting_since=None,
                           decision_reason=ENDED_REASON)
            fields = [name for name, value in new.items() if getattr(registration, name) != value]
            if not fields:
                continue
            changes.append(change(
                registration, ANONYMISE, fields, self._applier(person, registration.pk),
                record=describe(registration, str(registration)), case=str(registration),
                note=_("The case is running: it ends, its seat goes to the next in line and its open tasks are "
                       "cancelled.") if _ends(registration, person) else "",
                values=[getattr(registration, name) for name in fields] + [registration.status],
            ))
        return changes

    @staticmethod
    def _applier(person, pk):
        def apply():
            registration = Registration.objects.filter(pk=pk).first()
            if registration is None:
                return
            ends = _ends(registration, person)
            anonymise_registration(registration, only=person.email)
            if ends:
                services.end_case(registration, Registration.Status.WITHDRAWN, reason=ENDED_REASON)
        return apply


def _ends(registration, person):
    """Erasing the person ends the case: they are its contact person and it runs."""
    return registration.phase not in ENDED and person.is_address(registration.contact_email)


def anonymised(registration, only=None):
    """{field: erased value} for the people a registration names (all of them, or the one with the address
    `only`)."""
    new = {}
    for name_field, email_field, other in ROLES:
        address = getattr(registration, email_field)
        if not address or (only is not None and address.lower() != only.lower()):
            continue
        new[name_field], new[email_field] = ERASED_NAME, ERASED_EMAIL
        new.update({name: "" for name in other})
    return new


def anonymise_registration(registration, only=None):
    """Erase the people a registration names (all of them, or the one with the address `only`); returns how many.
    Erasing the contact person also ends the status link, which was theirs (`links.registration_from_token`)."""
    new = anonymised(registration, only)
    for name, value in new.items():
        setattr(registration, name, value)
    registration.save()
    return sum(1 for _name, email_field, _other in ROLES if email_field in new)


@register
class EnrolmentData(Mentions):
    """Course participants are written down by name only (no address): found by the names the other sources
    know for the person, or that the coordinator adds to the request, in the courses of the person's cases (or of
    the cases the coordinator adds)."""

    def __init__(self):
        super().__init__("Deltagere i kompetenceudviklingen", "workflows.Enrolment.participant",
                         case="course__registration", describe=lambda enrolment: enrolment.module.title)

    def export(self, person):
        return [{"participant": e.participant, "module": e.module.title, "course": str(e.course),
                 "completed_on": e.completed_on.isoformat() if e.completed_on else None}
                for e, _new in self._rows(person)]

    def save(self, row, fields):
        try:
            with transaction.atomic():
                row.save(update_fields=fields)
        except IntegrityError:  # another erased participant of the same module: keep the rows apart
            row.participant = f"{row.participant} ({row.pk})"
            row.save(update_fields=fields)


@register
class FeedbackInvitationData(PersonalDataSource):
    """An invitation to evaluate a workshop names the participant it was sent to (`attendee`, whose name and address
    are `course.personal_data.WorkshopAttendeeData`'s). Found by that address, exported with the workshop and
    whether it was answered (never the answer: nothing leads from the invitation to it), deleted on erasure. Every
    invitation is deleted 30 days after its link expired anyway (`course.feedback.delete_old_invitations`)."""

    label = "Invitationer til workshopevalueringer"
    covers = ["workflows.FeedbackInvitation.attendee"]

    def _invitations(self, email):
        return (FeedbackInvitation.objects.filter(attendee__email__iexact=email.strip())
                .select_related("workshop__course__registration__municipality",
                                "workshop__course__registration__cohort").order_by("pk"))

    def export(self, person):
        return [{"workshop": str(invitation.workshop), "case": str(invitation.workshop.course.registration),
                 "sent_at": invitation.sent_at.isoformat(), "answered": invitation.used}
                for invitation in self._invitations(person.email)]

    def plan(self, person):
        return [change(invitation, DELETE, (), invitation.delete, record=describe(invitation, str(invitation.workshop)),
                       case=str(invitation.workshop.course.registration), values=[invitation.sent_at, invitation.used])
                for invitation in self._invitations(person.email)]


def _dated(field):
    """A case record named by its day (its text may be about a person)."""
    return lambda row: formats.date_format(timezone.localdate(getattr(row, field)))


register(Mentions("Tilmeldingers fritekstsvar og begrundelser", "workflows.Registration.motivation",
                  "workflows.Registration.peer_experience_details", "workflows.Registration.decision_reason",
                  case="pk", describe=str))
register(Mentions("Interne noter på sager", "workflows.CaseNote.text", case="registration",
                  describe=_dated("created_at")))
# A message to the municipality is written to its contact person and may name anyone; the email that carried it is
# the outbox's (`core.personal_data.OutboxData`: blanked for its recipient, redacted for others).
register(Mentions("Beskeder til og fra kommunerne", "workflows.CaseMessage.subject", "workflows.CaseMessage.body",
                  case="registration", describe=_dated("sent_at")))
# The names of the files sent with messages, and the course's documents (`municipality.exchange`): what the
# municipality's people wrote there, and who, is `municipality.personal_data.ExchangeData`'s.
register(Mentions("Vedhæftede filer: filnavne", "workflows.MessageAttachment.filename",
                  case="message__registration", describe=_dated("uploaded_at")))
register(Mentions("Kursusdokumenter: titel, beskrivelse og filnavn", "workflows.CourseDocument.title",
                  "workflows.CourseDocument.description", "workflows.CourseDocument.filename", case="registration",
                  describe=_dated("uploaded_at")))
register(Mentions("Vejledningssessioner: noter og sted", "workflows.GuidanceSession.notes",
                  "workflows.GuidanceSession.place", case="course__registration", describe=str))
register(Mentions("Workshops: dagsorden, noter og aftaler", "workflows.Workshop.agenda", "workflows.Workshop.notes",
                  "workflows.Workshop.agreed_actions", "workflows.Workshop.place", case="course__registration",
                  describe=str))
register(Mentions("Evalueringer", "workflows.Evaluation.achievements", "workflows.Evaluation.challenges",
                  "workflows.Evaluation.next_steps", case="course__registration", describe=str))
register(Mentions("Opstartsmøder", "workflows.Course.kickoff_place", case="registration", describe=str))
# Why staff went on without a municipality's answer (`steps.stand_in`): staff's words, which may name someone.
register(Mentions("Begrundelser for at fortsætte uden kommunens svar", "workflows.TaskStandIn.reason",
                  case="task__process__registrationprocess__registration", describe=_dated("at")))
# A workshop evaluation names nobody (`course.models.WorkshopFeedback`); its comment is free text, shown only among
# the comments about one type of workshop, never with its workshop or day. Searched without a case, so that an
# erasure's preview does not tie an anonymous comment to a municipality.
register(Mentions("Workshopevalueringer: kommentarer", "workflows.WorkshopFeedback.comment"))
register(Mentions("Kommunernes mål og selvevalueringer", "workflows.SelfAssessment.goals",
                  "workflows.SelfAssessment.course_evaluation", case="registration", describe=str))

not_personal(
    "workflows.MessageAttachment.content_type", "workflows.CourseDocument.content_type",  # a file type
    "workflows.Municipality.code", "workflows.Municipality.name", "workflows.Cohort.label",
    # The programme's published contact person is the agency's, maintained by coordinators.
    "workflows.Programme.name", "workflows.Programme.slug", "workflows.Programme.description",
    "workflows.Programme.partners", "workflows.Programme.contact_name", "workflows.Programme.contact_email",
    "workflows.Programme.contact_phone",
    "workflows.Registration.work_areas",  # codes of a fixed list
    "workflows.DecisionText.subject", "workflows.DecisionText.text", "workflows.CompetenceModule.title",
    "workflows.Course.kickoff_url", "workflows.InformationMeeting.meeting_url", "workflows.GuidanceSession.meeting_url",
    "workflows.CalendarFeed.token",  # a member of staff's own secret, deleted with their account
    # A person's calendar address of their case's plan, deleted with their person record; the selectors are the
    # tokens' first characters (core.ics.Subscription).
    "workflows.PlanFeed.token", "workflows.CalendarFeed.selector", "workflows.PlanFeed.selector",
    "workflows.Municipality.cvr",  # an authority's public number in the business register
    "workflows.RegistrationProcess.flow_class", "workflows.RegistrationProcess.data",
    "workflows.MeetingProcess.flow_class", "workflows.MeetingProcess.data",
    # The self-assessments' questions, the same for every municipality (workflows.outcomes).
    "workflows.Indicator.key", "workflows.Indicator.label", "workflows.Indicator.help_text",
    "workflows.FeedbackInvitation.token_hash",  # the hash of a link's secret, deleted with its invitation
)
