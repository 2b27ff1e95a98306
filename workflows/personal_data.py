"""What the programme stores about a person, for access and erasure requests (see core.personal_data).

A registration belongs to the municipality, so erasure keeps the case and removes the person from it (and once its
contact person is erased, the status link opens nothing and a running case ends); a meeting sign-up is only about
the person, so it is deleted. Staff notes, free-text answers and the course's records are searched for the person's
address, name and phone number, and each mention is replaced."""

from django.db import IntegrityError, transaction
from django.db.models import Q

from core.personal_data import ERASED, ERASED_EMAIL, Mentions, PersonalDataSource, not_personal, register

from .models import Enrolment, MeetingSignup, Registration
from .registration import services

ERASED_NAME = ERASED


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

    def erase(self, person):
        count, _ = self._signups(person.email).delete()
        return count


# (name field, email field, other fields about the person) of each person a registration names
ROLES = [
    ("contact_name", "contact_email", ["contact_phone"]),
    ("second_contact_name", "second_contact_email", []),
    ("manager_name", "manager_email", ["manager_title"]),
]


@register
class RegistrationContactData(PersonalDataSource):
    label = "Kontaktpersoner og ledere i tilmeldinger til rådgivningsforløb"
    covers = [f"workflows.Registration.{name}" for role in ROLES for name in (role[0], role[1], *role[2])]

    def _matches(self, email):
        query = Q()
        for _name, email_field, _other in ROLES:
            query |= Q(**{f"{email_field}__iexact": email})
        return Registration.objects.filter(query).select_related("municipality", "cohort")

    def identify(self, email):
        names, phones = set(), set()
        for registration in self._matches(email):
            for name_field, email_field, _other in ROLES:
                if getattr(registration, email_field).lower() == email.lower():
                    names.add(getattr(registration, name_field))
                    if email_field == "contact_email":
                        phones.add(registration.contact_phone)
        return names, phones

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

    def erase(self, person):
        """Remove the person from every registration that names them. A case whose contact person is erased while
        it runs has nobody left to reach and no status link: it ends (`registration.services.end_case`), its seat
        goes to the next in line and its open tasks are cancelled."""
        count = 0
        for registration in self._matches(person.email):
            ends = registration.is_active and person.is_address(registration.contact_email)
            count += anonymise_registration(registration, only=person.email)
            if ends:
                services.end_case(registration, Registration.Status.WITHDRAWN,
                                  reason="Kontaktpersonens oplysninger er slettet efter anmodning.")
        return count


def anonymise_registration(registration, only=None):
    """Erase the people a registration names (all of them, or the one with the address `only`); returns how many.
    Erasing the contact person also ends the status link, which was theirs (`links.registration_from_token`)."""
    count = 0
    for name_field, email_field, other in ROLES:
        address = getattr(registration, email_field)
        if not address or (only is not None and address.lower() != only.lower()):
            continue
        setattr(registration, name_field, ERASED_NAME)
        setattr(registration, email_field, ERASED_EMAIL)
        for name in other:
            setattr(registration, name, "")
        count += 1
    registration.save()
    return count


@register
class EnrolmentData(PersonalDataSource):
    """Course participants are written down by name only (no address): found by the names the other sources
    know for the person, or that the coordinator adds to the request."""

    label = "Deltagere i kompetenceudviklingen"
    covers = ["workflows.Enrolment.participant"]

    def _enrolments(self, person):
        return Enrolment.objects.filter(person.mentioned_in("participant")).select_related("module", "course")

    def export(self, person):
        return [{"participant": e.participant, "module": e.module.title, "course": str(e.course),
                 "completed_on": e.completed_on.isoformat() if e.completed_on else None}
                for e in self._enrolments(person)]

    def erase(self, person):
        count = 0
        for enrolment in self._enrolments(person):
            enrolment.participant = person.redact(enrolment.participant)
            try:
                with transaction.atomic():
                    enrolment.save(update_fields=["participant"])
            except IntegrityError:  # another erased participant of the same module: keep the rows apart
                enrolment.participant = f"{enrolment.participant} ({enrolment.pk})"
                enrolment.save(update_fields=["participant"])
            count += 1
        return count


register(Mentions("Tilmeldingers fritekstsvar og begrundelser", "workflows.Registration.motivation",
                  "workflows.Registration.peer_experience_details", "workflows.Registration.decision_reason"))
register(Mentions("Interne noter på sager", "workflows.CaseNote.text"))
register(Mentions("Vejledningssessioner: noter og sted", "workflows.GuidanceSession.notes",
                  "workflows.GuidanceSession.place"))
register(Mentions("Workshops: dagsorden, noter og aftaler", "workflows.Workshop.agenda", "workflows.Workshop.notes",
                  "workflows.Workshop.agreed_actions", "workflows.Workshop.place"))
register(Mentions("Evalueringer", "workflows.Evaluation.achievements", "workflows.Evaluation.challenges",
                  "workflows.Evaluation.next_steps"))
register(Mentions("Opstartsmøder", "workflows.Course.kickoff_place"))

not_personal(
    "workflows.Municipality.code", "workflows.Municipality.name", "workflows.Cohort.label",
    # The programme's published contact person is the agency's, maintained by coordinators.
    "workflows.Programme.name", "workflows.Programme.slug", "workflows.Programme.description",
    "workflows.Programme.partners", "workflows.Programme.contact_name", "workflows.Programme.contact_email",
    "workflows.Programme.contact_phone",
    "workflows.Registration.work_areas",  # codes of a fixed list
    "workflows.DecisionText.subject", "workflows.DecisionText.text", "workflows.CompetenceModule.title",
    "workflows.Course.kickoff_url", "workflows.InformationMeeting.meeting_url", "workflows.GuidanceSession.meeting_url",
    "workflows.CalendarFeed.token",  # a member of staff's own secret, deleted with their account
    "workflows.RegistrationProcess.flow_class", "workflows.RegistrationProcess.data",
    "workflows.MeetingProcess.flow_class", "workflows.MeetingProcess.data",
)
