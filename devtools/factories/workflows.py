"""Factories for the programme, shared by the tests and the demo content."""

from datetime import datetime, time, timedelta

import factory
from django.utils import timezone

from workflows.course.services import open_course
from workflows.models import (
    Audience,
    Cohort,
    CompetenceModule,
    InformationMeeting,
    MeetingSignup,
    Municipality,
    Nomination,
    ParticipantRole,
    Programme,
    Registration,
)
from workflows.municipality.models import CasePerson
from workflows.municipality.services import account_for
from workflows.outcomes.models import Answer, SelfAssessment, indicators_for
from workflows.registration.models import PeerExperience, WorkArea


def local(day, hour=0, minute=0, second=0):
    """An aware datetime at a Danish wall-clock time."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute, second)))


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("slug",)

    name = "Rådgivning om inddragelse af peers"
    slug = "peer-raadgivning"
    description = (
        "Rådgivningsforløb på halvandet år for kommuner, der vil inddrage peers systematisk i socialpsykiatrien."
    )
    capacity = 20
    partners = "Københavns Professionshøjskole\nPeer-Partnerskabet"
    contact_name = "Programmets kontaktperson"
    contact_email = "peer-raadgivning@example.dk"
    contact_phone = "33 33 33 33"


class CohortFactory(factory.django.DjangoModelFactory):
    """Open now, closing in 30 days, starting in 90 (override the dates for a given case)."""

    class Meta:
        model = Cohort

    programme = factory.SubFactory(ProgrammeFactory)
    label = factory.Sequence(lambda n: f"Hold {n + 1}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=90))
    registration_opens = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))
    registration_closes = factory.LazyFunction(lambda: local(timezone.localdate() + timedelta(days=30), 23, 59, 59))


class InformationMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformationMeeting

    programme = factory.SubFactory(ProgrammeFactory)
    starts_at = factory.LazyFunction(lambda: local(timezone.localdate() + timedelta(days=7), 14, 30))
    duration_minutes = 45
    meeting_url = factory.Sequence(lambda n: f"https://meet.example.dk/informationsmoede-{n}")
    capacity = 50


def municipality(code="aarhus"):
    return Municipality.objects.get(code=code)


class MeetingSignupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingSignup

    meeting = factory.SubFactory(InformationMeetingFactory)
    name = factory.Faker("name", locale="da_DK")
    email = factory.Sequence(lambda n: f"deltager{n}@kommune.example.dk")
    municipality = factory.LazyFunction(municipality)
    role = "Leder af socialpsykiatrien"


class RegistrationFactory(factory.django.DjangoModelFactory):
    """Only the answers: save it through `workflows.services.submit()` to take a seat and start screening."""

    class Meta:
        model = Registration

    cohort = factory.SubFactory(CohortFactory)
    programme = factory.SelfAttribute("cohort.programme")
    municipality = factory.LazyFunction(municipality)
    contact_name = factory.Faker("name", locale="da_DK")
    contact_email = factory.Sequence(lambda n: f"kontakt{n}@kommune.example.dk")
    contact_phone = "12 34 56 78"
    manager_name = factory.Faker("name", locale="da_DK")
    manager_title = "Socialchef"
    manager_email = factory.Sequence(lambda n: f"chef{n}@kommune.example.dk")
    peer_experience = PeerExperience.SOME
    peer_experience_details = "To frivillige peers i vores væresteder."
    work_areas = [WorkArea.DROP_IN, WorkArea.SUPPORTED_HOUSING]
    motivation = "Vi vil give borgerne håb og gøre peers til en fast del af vores recovery-orienterede indsats."
    expected_participants = 12
    consent = True


class CompetenceModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetenceModule

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Modul {n + 1}")
    audience = Audience.PEERS
    mandatory = False
    provider = CompetenceModule.Provider.COLLEGE
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=120))
    ends_on = factory.LazyAttribute(lambda module: module.starts_on + timedelta(days=3))


class CasePersonFactory(factory.django.DjangoModelFactory):
    """One of a municipality's people on its case ("Jeres forløb"), with their account (`services.account_for`): a
    colleague by default; `role=CasePerson.Role.CONTACT, email=registration.contact_email` for a contact person."""

    class Meta:
        model = CasePerson

    class Params:
        email = factory.Sequence(lambda n: f"kollega{n}@kommune.example.dk")

    registration = factory.SubFactory(RegistrationFactory)
    user = factory.LazyAttribute(lambda person: account_for(person.email))
    name = factory.Faker("name", locale="da_DK")
    role = CasePerson.Role.COLLEAGUE


class NominationFactory(factory.django.DjangoModelFactory):
    """A nomination awaiting the competence partner's decision, on `course` (by default a new registration's), for
    the `modules` given."""

    class Meta:
        model = Nomination
        skip_postgeneration_save = True

    course = factory.LazyFunction(lambda: open_course(RegistrationFactory()))
    name = factory.Faker("name", locale="da_DK")
    email = factory.Sequence(lambda n: f"deltager{n}@kommune.example.dk")
    role = ParticipantRole.PEER

    @factory.post_generation
    def modules(self, create, extracted, **kwargs):
        if create and extracted:
            self.modules.set(extracted)


class SelfAssessmentFactory(factory.django.DjangoModelFactory):
    """A self-assessment of `registration` with an answer to each of its indicators: `answers={key: value}`, the
    rest 2 (a scale) or 1 (a number)."""

    class Meta:
        model = SelfAssessment
        skip_postgeneration_save = True

    registration = factory.SubFactory(RegistrationFactory)
    kind = SelfAssessment.Kind.BASELINE
    goals = factory.LazyAttribute(lambda assessment: "To peers ansat og en rollebeskrivelse, som alle kender."
                                  if assessment.kind == SelfAssessment.Kind.BASELINE else "")
    course_evaluation = factory.LazyAttribute(lambda assessment: "Forløbet gav os et fælles sprog om peers."
                                              if assessment.kind == SelfAssessment.Kind.FINAL else "")

    @factory.post_generation
    def answers(self, create, extracted, **kwargs):
        if create:
            given = extracted or {}
            Answer.objects.bulk_create([
                Answer(assessment=self, indicator=indicator,
                       value=given.get(indicator.key, 2 if indicator.is_scale else 1))
                for indicator in indicators_for(self.registration)])


class WorkshopFeedbackFactory(factory.django.DjangoModelFactory):
    """A participant's anonymous evaluation of `workshop` (give one): 4 on every statement unless told otherwise."""

    class Meta:
        model = "workflows.WorkshopFeedback"

    role = ParticipantRole.STAFF
    useful = next_steps = peers_heard = recommend = 4
