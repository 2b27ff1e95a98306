"""Demo data for a local run: one programme, its cohorts, three information meetings, a few registrations, the
competence module catalogue and two municipalities mid-course, one of them with the demo competence partner; and an
earlier programme whose two cohorts have ended, with their self-assessments for the results.

Dates are relative to today so the demo is always live. Idempotent: a second run changes nothing."""

from datetime import date, timedelta
from functools import cached_property
from typing import NamedTuple

import time_machine
from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS
from viewflow.workflow.timers import fire_due_timers

from core.models import OutboxMessage
from core.workdays import is_working_day
from devtools.factories.cms import make_pdf
from devtools.factories.workflows import (
    CasePersonFactory,
    CohortFactory,
    CompetenceModuleFactory,
    InformationMeetingFactory,
    ProgrammeFactory,
    RegistrationFactory,
    SelfAssessmentFactory,
    WorkshopFeedbackFactory,
    local,
)
from workflows.course import participation
from workflows.course import services as course_domain
from workflows.course.flows import CourseFlow, WorkshopFlow
from workflows.models import (
    Audience,
    CompetenceModule,
    Course,
    DecisionText,
    Evaluation,
    GuidanceSession,
    Municipality,
    ParticipantRole,
    Registration,
    Workshop,
)
from workflows.municipality import exchange
from workflows.municipality.services import ensure_contact_people
from workflows.outcomes import services as outcome_services
from workflows.outcomes.models import SCALE, SelfAssessment, indicators_for
from workflows.registration import services
from workflows.registration.flows import ScreeningFlow
from workflows.steps import stand_in


def _first_monday(year, month):
    day = date(year, month, 1)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _started_in_august(today):
    """The start of the cohort now mid-course: the last August's first Monday."""
    return _first_monday(today.year if today.month >= 8 else today.year - 1, 8)


def _cohorts(programme, today):
    """The next January and August cohorts; registration closes three weeks before the start at noon."""
    year = today.year + 1
    specs = [(f"Januar {year}", _first_monday(year, 1), 3), (f"August {year}", _first_monday(year, 8), None)]
    cohorts = []
    for label, starts_on, capacity in specs:
        cohort = programme.cohorts.filter(label=label).first() or CohortFactory(
            programme=programme, label=label, starts_on=starts_on, capacity=capacity,
            registration_opens=timezone.now() - timedelta(days=60),
            registration_closes=local(starts_on - timedelta(weeks=3), 12),
        )
        cohorts.append(cohort)
    return cohorts


def _working_day(day):
    """`day`, or the first working day after it (no meeting on a weekend or a public holiday)."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _meetings(programme, today):
    host = get_user_model().objects.filter(username="adviser").first()
    for days, hour, minute in [(5, 14, 30), (12, 10, 0), (26, 13, 0)]:
        starts_at = local(_working_day(today + timedelta(days=days)), hour, minute)
        if not programme.meetings.filter(starts_at__date=starts_at.date()).exists():
            InformationMeetingFactory(programme=programme, starts_at=starts_at, host=host)


DEMO_REGISTRATIONS = [
    # municipality code, decision after screening (None: still waiting for screening)
    ("aarhus", DecisionText.Decision.ACCEPT),
    ("odense", None),
    ("roskilde", None),
    ("aalborg", DecisionText.Decision.WAITING_LIST),  # the January cohort is full by now
    ("vejle", DecisionText.Decision.DECLINE),
]


def _registrations(programme, cohort):
    adviser = get_user_model().objects.filter(username="adviser").first()
    for code, decision in DEMO_REGISTRATIONS:
        municipality = Municipality.objects.get(code=code)
        if Registration.objects.filter(programme=programme, municipality=municipality).exists():
            continue
        registration = services.submit(RegistrationFactory.build(
            programme=programme, cohort=cohort, municipality=municipality,
            contact_email=f"peer@{code}.kommune.example.dk", manager_email=f"socialchef@{code}.kommune.example.dk",
        ))
        if decision:
            reason = "Kommunen har allerede et bredt peer-tilbud." if decision == DecisionText.Decision.DECLINE else ""
            task = registration.processes.get().task_set.get(flow_task_type="HUMAN")
            _complete(task, adviser, services.decide, registration, decision, reason)


def _complete(task, user, apply, *args):
    """Do a human task as `user` would: claim it if needed, apply the change (`apply(*args)`), complete it."""
    if task.owner_id is None:
        with task.activation() as activation:
            activation.assign(user)
    with task.activation() as activation:
        activation.start(None)
        apply(*args)
        activation.execute()


MODULES = [
    # title, audience, mandatory, provider, weeks from today
    ("Grunduddannelse for peers (3 dage)", Audience.PEERS, True, CompetenceModule.Provider.PEER_ORGANISATION, 3),
    ("Peers og kolleger: samarbejde i praksis", Audience.STAFF, True, CompetenceModule.Provider.COLLEGE, 6),
    ("Ledelse af peer-indsatser", Audience.MANAGEMENT, False, CompetenceModule.Provider.COLLEGE, 10),
    ("Recovery og håb i hverdagen", Audience.PEERS, False, CompetenceModule.Provider.PEER_ORGANISATION, 14),
]

DEMO_COURSES = ["esbjerg", "horsens"]  # accepted for the cohort that started in August, now mid-course
DEMO_BASELINE = {"peers_employed": 1, "peers_volunteering": 4, "citizens_reached": 25}  # the scales: 2 of 5
PARTNER_COURSE = "esbjerg"  # its competence development is delivered by the demo competence partner
DEMO_COLLEAGUE = ("Sofie Lund", "leder.psykiatri")  # invited by the contact person: a manager in social psychiatry
DEMO_NOMINEES = [("Mette Jensen", "mette.jensen", "peer"), ("Jonas Holm", "jonas.holm", "staff")]


def _modules(programme, today):
    for title, audience, mandatory, provider, weeks in MODULES:
        if not programme.modules.filter(title=title).exists():
            starts_on = today + timedelta(weeks=weeks)
            CompetenceModuleFactory(programme=programme, title=title, audience=audience, mandatory=mandatory,
                                    provider=provider, starts_on=starts_on, ends_on=starts_on + timedelta(days=2))


def _courses(programme, today):
    """Two municipalities of a cohort that started in August: lead adviser assigned, kickoff held, a workshop
    planned and participants enrolled. The scheduler raises their guidance sessions from here."""
    users = get_user_model().objects
    adviser, coordinator = users.filter(username="adviser").first(), users.filter(username="coordinator").first()
    partner = users.filter(username="partner").first()
    if adviser is None or coordinator is None:
        return
    started = _started_in_august(today)
    label = f"August {started.year}"
    cohort = programme.cohorts.filter(label=label).first() or CohortFactory(
        programme=programme, label=label, starts_on=started, registration_opens=local(started - timedelta(weeks=20)),
        registration_closes=local(started - timedelta(weeks=3), 12),
    )
    for code in DEMO_COURSES:
        municipality = Municipality.objects.get(code=code)
        if not Registration.objects.filter(programme=programme, municipality=municipality).exists():
            _course_under_way(cohort, municipality, adviser, coordinator, today,
                              partner if code == PARTNER_COURSE else None)
    course = Course.objects.filter(registration__programme=programme,
                                   registration__municipality__code=PARTNER_COURSE).first()
    if course and partner and course.competence_partner_id is None:  # a demo loaded before the partner existed
        course.competence_partner = partner
        course.save(update_fields=["competence_partner"])


def _course_under_way(cohort, municipality, adviser, coordinator, today, partner=None):
    """A municipality that registered before the deadline, was accepted, held its kickoff on the cohort's first
    day and has had a guidance session every month since, each on a working day in working hours."""
    registration = services.submit(RegistrationFactory.build(
        programme=cohort.programme, cohort=cohort, municipality=municipality,
        contact_email=f"peer@{municipality.code}.kommune.example.dk",
        manager_email=f"socialchef@{municipality.code}.kommune.example.dk",
    ))
    screening = registration.processes.get().task_set.get(flow_task_type="HUMAN")
    _complete(screening, adviser, services.decide, registration, DecisionText.Decision.ACCEPT)
    course = Course.objects.get(registration=registration)
    tasks = Task.objects.filter(process__registrationprocess__registration=registration, finished__isnull=True)
    _complete(tasks.get(flow_task=CourseFlow.assign_lead_adviser), coordinator, _assign, course, adviser, partner)
    course.kickoff_at, course.kickoff_place = local(cohort.starts_on, 10), f"{municipality.name} Rådhus"
    _complete(tasks.get(flow_task=CourseFlow.schedule_kickoff), adviser, course.save)
    # The contact person signs in to "Jeres forløb" and sends the goals and starting point before the kickoff.
    contact = ensure_contact_people(registration.contact_email)
    _complete(tasks.get(flow_task=CourseFlow.set_goals), contact, lambda: SelfAssessmentFactory(
        registration=registration, submitted_by=contact.case_people.get(registration=registration),
        answers=DEMO_BASELINE))
    _guidance_held(course, today)
    fire_due_timers()  # the kickoff has taken place
    workshop = Workshop(course=course, audience=Audience.MANAGEMENT, place=f"{municipality.name} Rådhus",
                        starts_at=local(_working_day(today + timedelta(days=12)), 9))
    _complete(tasks.get(flow_task=CourseFlow.plan_workshop), adviser, _plan_workshop, workshop)
    # The municipality nominates two participants for the mandatory modules; the partner's confirmation waits.
    mandatory = list(cohort.programme.modules.filter(mandatory=True))
    _complete(tasks.get(flow_task=CourseFlow.nominate_participants), contact, participation.nominate, course, [
        {"name": name, "email": f"{email}@{municipality.code}.kommune.example.dk", "role": role, "modules": mandatory}
        for name, email, role in DEMO_NOMINEES], contact.case_people.get(registration=registration))
    # The contact person has invited a colleague, who signs in with her own address.
    name, local_part = DEMO_COLLEAGUE
    CasePersonFactory(registration=registration, name=name,
                      email=f"{local_part}@{municipality.code}.kommune.example.dk",
                      invited_by=contact.case_people.get(registration=registration))
    # Their adviser shared the kickoff's slides and wrote ahead of the workshop; the contact person answered.
    exchange.share_document(adviser, "Slides fra opstarten", "Præsentationen fra opstartsmødet.", SimpleUploadedFile(
        "opstart.pdf", make_pdf("Opstart", ["Peers i socialpsykiatrien: mål, roller og de næste 18 måneder."])),
        registration=registration)
    exchange.write_to_municipality(registration, adviser, "Workshoppen med ledelsen", (
        "Hej alle\n\nI har fået en opgave om, hvem der kommer til workshoppen med ledelsen. Skriv også gerne, hvad I "
        "vil have på dagsordenen.\n\nVenlig hilsen\nJeres rådgiver"))
    exchange.write_to_agency(contact.case_people.get(registration=registration), (
        "Tak, vi svarer i næste uge, når ledergruppen har holdt møde."))
    fire_due_timers()  # the next guidance session is to be booked two weeks before it falls due
    # A believable history: it registered a month before the deadline, sent its goals the week before the kickoff
    # and its nominations the week after; not all on the day the demo is loaded.
    Registration.objects.filter(pk=registration.pk).update(created_at=cohort.registration_closes - timedelta(days=30))
    goals_sent = course.kickoff_at - timedelta(days=4, hours=-4)
    nominated = course.kickoff_at + timedelta(days=9, hours=3)
    _sent(registration, CourseFlow.set_goals, course.kickoff_at - timedelta(days=21), goals_sent)
    registration.self_assessments.update(submitted_at=goals_sent)
    _sent(registration, CourseFlow.nominate_participants, course.kickoff_at, nominated)
    course.nominations.update(nominated_at=nominated)


def _sent(registration, node, created, finished):
    Task.objects.filter(process__registrationprocess__registration=registration, flow_task=node).update(
        created=created, finished=finished)


def _guidance_held(course, today):
    """The monthly guidance sessions held since the kickoff, each a month after the last, on a working day at 13:00
    (recorded as history: the course's flow takes over from the next one)."""
    day = _working_day(timezone.localdate(course.kickoff_at) + relativedelta(months=1))
    number = 1
    while day < today - timedelta(days=7):
        GuidanceSession.objects.create(
            course=course, number=number, starts_at=local(day, 13), place=course.kickoff_place, held_on=day,
            notes="Opfølgning på handleplanen: roller for peers og næste skridt med ledelsen.")
        number += 1
        day = _working_day(day + relativedelta(months=1))


def _assign(course, adviser, partner):
    """What the coordinator's first step records: the lead adviser, and the competence partner if there is one
    (the competence strand's steps then go to the partner)."""
    course_domain.assign_lead_adviser(course, adviser, partner)


def _plan_workshop(workshop):
    course_domain.plan_workshop(workshop.course, workshop)


def load(step=print):
    """Load the programme demo; `step` reports progress (the cms demo command passes its own)."""
    today = timezone.localdate()
    step("advisory programme, cohorts and information meetings")
    programme = ProgrammeFactory()
    january, _august = _cohorts(programme, today)
    _meetings(programme, today)
    step("registrations in different states")
    _registrations(programme, january)
    step("competence modules and two municipalities mid-course")
    _modules(programme, today)
    _courses(programme, today)
    step("an earlier programme: two cohorts that have ended, with their self-assessments")
    _earlier(today)
    step("CVR numbers of the municipalities mid-course, for signing in with MitID Erhverv")
    _cvr_numbers()


def _cvr_numbers():
    """Made-up CVR numbers (not the municipalities' real ones) for the municipalities mid-course, so that sign-in by
    MitID Erhverv can be tried against a local OpenID provider (README: OIDC_*). Numbers entered already stay."""
    for municipality in Municipality.objects.filter(code__in=DEMO_COURSES, cvr=""):
        municipality.cvr = f"{99000000 + municipality.pk:08d}"
        municipality.save(update_fields=["cvr"])


# -- Two earlier cohorts, run to their end ---------------------------------------------------------------------------
# Fourteen municipalities of an earlier programme (its seats are its own, so the current programme's seat figures
# stay as they are) went through the whole course, step by step through the real flows, the clock turned back to
# each step's moment (time_machine), so that every date, email, log entry and answer is where it would be. Their
# self-assessments are what the coordinators' results and a municipality's comparison with its cohort are read
# from.

EARLIER_PROGRAMME = "peer-raadgivning-tidligere"


class Earlier(NamedTuple):
    """A municipality of an earlier cohort: where its scales stood at the start (1–5) and how many steps they rose by
    the end, its peers employed, volunteers and citizens reached at the start and at the end, and whether it sent
    its midway assessment (if not, its adviser went on without it)."""

    code: str
    level: int
    rise: int
    employed: tuple
    volunteers: tuple
    citizens: tuple
    midway: bool = True


EARLIER_COHORTS = [
    # months before the cohort now mid-course started, and its municipalities
    (24, [Earlier("koebenhavn", 2, 2, (1, 4), (4, 9), (30, 85)),
          Earlier("frederiksberg", 3, 1, (2, 4), (6, 8), (40, 70)),
          Earlier("holbaek", 1, 2, (0, 2), (0, 3), (0, 25)),
          Earlier("naestved", 2, 1, (1, 3), (2, 5), (15, 40)),
          Earlier("svendborg", 2, 0, (0, 1), (3, 3), (10, 15)),
          Earlier("kolding", 1, 2, (0, 3), (1, 5), (5, 45)),
          Earlier("gentofte", 3, 1, (2, 5), (5, 7), (35, 60), midway=False)]),
    (19, [Earlier("randers", 2, 2, (0, 3), (2, 6), (10, 50)),
          Earlier("silkeborg", 1, 1, (0, 2), (1, 2), (0, 20)),
          Earlier("herning", 2, 1, (1, 3), (3, 6), (20, 45)),
          Earlier("viborg", 3, 2, (2, 5), (4, 8), (30, 80)),
          Earlier("hjoerring", 1, 0, (0, 0), (1, 2), (0, 5)),
          Earlier("slagelse", 2, 2, (1, 4), (3, 7), (15, 55)),
          Earlier("frederikshavn", 2, 1, (1, 2), (2, 4), (10, 30), midway=False)]),
]
FEEDBACK_COMMENTS = [
    "Godt at høre en peer fortælle om sin egen vej. Det flyttede noget i gruppen.",
    "Vi manglede tid til at blive enige om de næste skridt.",
    "Konkret og brugbart for os som ledere.",
    "Jeg havde gerne set flere eksempler fra kommuner på vores størrelse.",
    "Øvelsen om rollebeskrivelser var det bedste ved dagen.",
    "Lidt for mange oplæg og for lidt dialog.",
    "Nu ved jeg, hvad en peer kan bidrage med på vores bosted.",
    "Rart, at borgerperspektivet var med hele vejen.",
    "Vi skal have kollegerne på gulvet med næste gang.",
    "Tydelig facilitering og et godt materiale at arbejde videre med.",
    "Snakken om tavshedspligt gav ro hos medarbejderne.",
]
SCALE_SPREAD = [0, 1, 0, -1]  # each scale indicator's start, around the municipality's level
SHARE = {SelfAssessment.Kind.BASELINE: 0, SelfAssessment.Kind.MIDWAY: 0.5, SelfAssessment.Kind.FINAL: 1}
PROGRESS = [Evaluation.Progress.OFF_TRACK, Evaluation.Progress.PARTLY, Evaluation.Progress.ON_TRACK]
GUIDANCE_NOTES = [
    "Gennemgang af handleplanen og de første skridt mod at ansætte peers.",
    "Rollebeskrivelser for peers: hvad gør de, og hvad gør de ikke.",
    "Samarbejdet mellem peers og kolleger på bostederne; spørgsmål om tavshedspligt.",
    "Ledelsens opfølgning og budgettet for næste år.",
    "Erfaringer fra de første måneder; hvordan borgerne tager imod peers.",
]


def _scale(value):
    return min(max(value, SCALE[0]), SCALE[-1])


def _part_of(span, share):
    first, last = span
    return first + int((last - first) * share + 0.5)


def _earlier_answers(indicators, profile, number, kind):
    """{indicator: value} of an earlier municipality's assessment of `kind`: half its progress by midway."""
    share, scales, answers = SHARE[kind], 0, {}
    numbers = {"peers_employed": profile.employed, "peers_volunteering": profile.volunteers,
               "citizens_reached": profile.citizens}
    for indicator in indicators:
        if indicator.is_scale:
            start = _scale(profile.level + SCALE_SPREAD[scales % len(SCALE_SPREAD)])
            steps = profile.rise - (profile.rise == 2 and (scales + number) % 4 == 0)  # one scale rises less
            answers[indicator] = _scale(start + _part_of((0, steps), share))
            scales += 1
        else:
            answers[indicator] = _part_of(numbers.get(indicator.key, (0, 0)), share)
    return answers


class _EarlierCase:
    """One municipality of an earlier cohort: what each of its steps records, when (`STEPS`: days after the task
    came, at what hour) and by whom."""

    def __init__(self, registration, profile, number, adviser, coordinator, modules):
        self.registration, self.profile, self.number = registration, profile, number
        self.adviser, self.coordinator, self.modules = adviser, coordinator, modules

    @property
    def course(self):
        return Course.objects.get(registration=self.registration)

    @cached_property
    def contact(self):
        return ensure_contact_people(self.registration.contact_email)

    def person(self):
        return self.registration.people.get(user=self.contact)

    def screen(self, task):
        _complete(task, self.adviser, services.decide, self.registration, DecisionText.Decision.ACCEPT)

    def assign(self, task):
        _complete(task, self.coordinator, _assign, self.course, self.adviser, None)

    def kickoff(self, task):
        course = self.course
        course.kickoff_at = local(_working_day(self.registration.cohort.starts_on), 10)
        course.kickoff_place = f"{self.registration.municipality.name} Rådhus"
        _complete(task, self.adviser, course.save)
        # The monthly guidance sessions but the last few are history, as those of the courses mid-course are (the
        # flows book and record the rest): booking and recording all of them through the flows would make loading
        # the demo several times slower.
        _guidance_held(course, course.ends_on - relativedelta(months=2))

    def assess(self, task, kind):
        if kind == SelfAssessment.Kind.MIDWAY and not self.profile.midway:
            stand_in.go_on_without(task, self.adviser, "Kommunen nåede ikke midtvejsbesvarelsen; vi tog status "
                                                       "på et møde i stedet.")
            return
        indicators = indicators_for(self.registration)
        texts = {SelfAssessment.Kind.BASELINE: {"goals": "Faste roller for peers, og peers ansat på flere tilbud."},
                 SelfAssessment.Kind.FINAL: {"course_evaluation": "Forløbet gav os et fælles sprog om peers og "
                                                                  "en plan, ledelsen står bag."}}.get(kind, {})
        answers, person = _earlier_answers(indicators, self.profile, self.number, kind), self.person()
        _complete(task, self.contact, lambda: outcome_services.submit(self.registration, kind, answers=answers,
                                                                      by=person, **texts))

    def plan_workshop(self, task):
        course = self.course
        held = _working_day(timezone.localdate(course.kickoff_at) + timedelta(weeks=6))
        workshop = Workshop(course=course, audience=[Audience.MANAGEMENT, Audience.STAFF][self.number % 2],
                            place=course.kickoff_place, starts_at=local(held, 9))
        _complete(task, self.adviser, _plan_workshop, workshop)

    def prepare_workshop(self, task):
        workshop = task.process.artifact
        workshop.agenda = "Velkomst. Hvad kan peers bidrage med hos os? Roller og næste skridt."
        _complete(task, self.adviser, course_domain.prepare_workshop, workshop)

    def workshop_outcome(self, task):
        workshop = task.process.artifact
        workshop.attendance, workshop.notes = 8 + self.number % 5, "God dialog om peers' roller."
        workshop.agreed_actions = "Ledelsen beskriver rollerne før næste vejledning."
        _complete(task, self.adviser, course_domain.record_workshop_outcome, workshop)
        # Its participants' anonymous evaluations (`course.feedback`): a manager, a staff member and a peer each.
        seed = self.registration.pk
        for given, role in enumerate([ParticipantRole.MANAGER, ParticipantRole.STAFF, ParticipantRole.PEER]):
            WorkshopFeedbackFactory(
                workshop=workshop, role=role, useful=[5, 4, 4, 5, 3, 4, 5][(seed + given) % 7],
                next_steps=[4, 3, 4, 5, 3, 4, 2][(2 * seed + given) % 7],
                peers_heard=[5, 5, 4, 3, 4, 5, 4][(seed + 2 * given) % 7],
                recommend=[5, 4, 5, 4, 3, 5, 4][(seed + given) % 7], created_on=timezone.localdate(workshop.starts_at),
                comment=FEEDBACK_COMMENTS[(3 * seed + given) % len(FEEDBACK_COMMENTS)] if (seed + given) % 3 == 0
                else "")

    def nominate(self, task):
        code = self.registration.municipality.code
        _complete(task, self.contact, participation.nominate, self.course, [
            {"name": name, "email": f"{email}@{code}.kommune.example.dk", "role": role, "modules": self.modules}
            for name, email, role in DEMO_NOMINEES], self.person())

    def confirm(self, task):
        _complete(task, self.adviser, participation.decide,
                  [(nomination, True, "") for nomination in participation.awaiting(self.course)], self.adviser)

    def completions(self, task):
        _complete(task, self.adviser, lambda: [
            course_domain.record_completion(enrolment, enrolment.module.ends_on, self.adviser)
            for enrolment in self.course.enrolments.select_related("module")])

    def book_guidance(self, task):
        course = self.course
        session = GuidanceSession(starts_at=local(_working_day(course.next_guidance_on()), 13),
                                  place=course.kickoff_place)
        _complete(task, self.adviser, course_domain.book_guidance_session, course, session)

    def guidance(self, task):
        course = self.course
        session = course.booked_guidance_session()
        session.held_on = timezone.localdate(session.starts_at)
        session.notes = GUIDANCE_NOTES[(session.number + self.number) % len(GUIDANCE_NOTES)]
        _complete(task, self.adviser, course_domain.record_guidance_session, course, session)

    def evaluate(self, task, kind):
        share, rise = (0.5 if kind == Evaluation.Kind.MIDWAY else 1), self.profile.rise
        peers = _part_of(self.profile.employed, share) + _part_of(self.profile.volunteers, share)
        evaluation = Evaluation(progress=PROGRESS[rise], peers_involved=peers,
                                achievements="Rollebeskrivelser for peers og en fast mødestruktur med ledelsen.",
                                challenges="Tid til oplæring af kolleger." if rise < 2 else "",
                                next_steps="Flere peers på bostederne og opfølgning i ledergruppen.")
        _complete(task, self.adviser, course_domain.record_evaluation, self.course, kind, evaluation)


EARLIER_STEPS = {
    # node: (days after the task came, hour, what the case does)
    ScreeningFlow.screen: (1, 10, _EarlierCase.screen),
    CourseFlow.assign_lead_adviser: (1, 9, _EarlierCase.assign),
    CourseFlow.schedule_kickoff: (2, 11, _EarlierCase.kickoff),
    CourseFlow.set_goals: (3, 14, lambda case, task: case.assess(task, SelfAssessment.Kind.BASELINE)),
    CourseFlow.plan_workshop: (7, 10, _EarlierCase.plan_workshop),
    WorkshopFlow.prepare: (2, 15, _EarlierCase.prepare_workshop),
    WorkshopFlow.record_outcome: (1, 9, _EarlierCase.workshop_outcome),
    CourseFlow.nominate_participants: (7, 13, _EarlierCase.nominate),
    CourseFlow.enrol_participants: (3, 10, _EarlierCase.confirm),
    CourseFlow.record_completions: (5, 11, _EarlierCase.completions),
    CourseFlow.book_guidance: (2, 9, _EarlierCase.book_guidance),
    CourseFlow.guidance: (1, 10, _EarlierCase.guidance),
    CourseFlow.assess_midway: (5, 14, lambda case, task: case.assess(task, SelfAssessment.Kind.MIDWAY)),
    CourseFlow.midway_status: (7, 11, lambda case, task: case.evaluate(task, Evaluation.Kind.MIDWAY)),
    CourseFlow.assess_final: (5, 14, lambda case, task: case.assess(task, SelfAssessment.Kind.FINAL)),
    CourseFlow.final_evaluation: (7, 11, lambda case, task: case.evaluate(task, Evaluation.Kind.FINAL)),
}
WENT_ON_AFTER = 21  # days: the midway assessment never came, and the adviser went on without it once overdue


def _due_moment(case, task):
    """When the case does `task`: some days after it came, on a working day (None: a step nobody does here, such as
    the workshop's invitation, which stops being asked for once the workshop is held)."""
    if task.flow_task not in EARLIER_STEPS:
        return None
    days, hour, _do = EARLIER_STEPS[task.flow_task]
    if task.flow_task == CourseFlow.assess_midway and not case.profile.midway:
        days = WENT_ON_AFTER
    return local(_working_day(timezone.localdate(task.created) + timedelta(days=days)), hour)


def _run_to_the_end(case, clock):
    """From `clock`, move the case's flows on as time passes: fire the timers that fall due and do each open step at
    its moment, until nothing of the case is left open."""
    open_tasks = Task.objects.filter(process__registrationprocess__registration=case.registration,
                                     finished__isnull=True).exclude(status=STATUS.CANCELED)
    while True:
        with time_machine.travel(clock, tick=False):
            fire_due_timers()
            for task in open_tasks.filter(flow_task_type="HUMAN"):
                moment = _due_moment(case, task)
                if moment is not None and moment <= clock:
                    EARLIER_STEPS[task.flow_task][2](case, task)
        ahead = [moment for moment in (_due_moment(case, task) for task in open_tasks.filter(flow_task_type="HUMAN"))
                 if moment is not None]
        ahead += open_tasks.filter(flow_task_type="TIMER").values_list("scheduled", flat=True)
        if not ahead:
            return
        clock = min(ahead)


def _earlier_cohort(programme, starts_on, profiles, adviser, coordinator):
    label = f"{'Januar' if starts_on.month == 1 else 'August'} {starts_on.year}"
    cohort = programme.cohorts.filter(label=label).first() or CohortFactory(
        programme=programme, label=label, starts_on=starts_on,
        registration_opens=local(starts_on - timedelta(weeks=20)),
        registration_closes=local(starts_on - timedelta(weeks=3), 12))
    modules = []
    for (title, audience, _mandatory, provider, _weeks), months in zip(MODULES[:2], (2, 4), strict=True):
        title = f"{title}, hold {label}"
        first = _working_day(starts_on + relativedelta(months=months))
        modules.append(programme.modules.filter(title=title).first() or CompetenceModuleFactory(
            programme=programme, title=title, audience=audience, mandatory=True, provider=provider, starts_on=first,
            ends_on=first + timedelta(days=2)))
    for number, profile in enumerate(profiles):
        municipality = Municipality.objects.get(code=profile.code)
        if Registration.objects.filter(programme=programme, municipality=municipality).exists():
            continue
        deadline = timezone.localdate(cohort.registration_closes)
        registered = local(_working_day(deadline - timedelta(days=40 - 3 * number)), 10)
        with time_machine.travel(registered, tick=False):
            registration = services.submit(RegistrationFactory.build(
                programme=programme, cohort=cohort, municipality=municipality,
                contact_email=f"peer@{municipality.code}.kommune.example.dk",
                manager_email=f"socialchef@{municipality.code}.kommune.example.dk"))
        _run_to_the_end(_EarlierCase(registration, profile, number, adviser, coordinator, modules), registered)


def _earlier(today):
    """The earlier programme's two cohorts, ended before the cohort now mid-course began; their emails went out
    back then (marked sent, so that nothing is sent again now)."""
    users = get_user_model().objects
    adviser, coordinator = users.filter(username="adviser").first(), users.filter(username="coordinator").first()
    if adviser is None or coordinator is None:
        return
    current = _started_in_august(today)
    starts = [current - relativedelta(months=months) for months, _profiles in EARLIER_COHORTS]
    starts = [_first_monday(start.year, start.month) for start in starts]
    programme = ProgrammeFactory(  # its seats were as many as took part: the overview shows it full, not half empty
        slug=EARLIER_PROGRAMME, capacity=sum(len(profiles) for _months, profiles in EARLIER_COHORTS),
        name=f"Rådgivning om inddragelse af peers {starts[0].year}–{(starts[-1] + relativedelta(months=18)).year}")
    sent_before = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for starts_on, (_months, profiles) in zip(starts, EARLIER_COHORTS, strict=True):
        _earlier_cohort(programme, starts_on, profiles, adviser, coordinator)
    OutboxMessage.objects.filter(pk__gt=sent_before, status=OutboxMessage.Status.QUEUED).update(
        status=OutboxMessage.Status.SENT, sent_at=F("created_at"), status_changed_at=F("created_at"),
        next_attempt_at=None)
