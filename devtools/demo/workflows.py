"""Demo data for a local run: one programme, its cohorts, three information meetings, a few registrations, the
competence module catalogue and two municipalities mid-course, one of them with the demo competence partner.

Dates are relative to today so the demo is always live. Idempotent: a second run changes nothing."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.timers import fire_due_timers

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
    local,
)
from workflows.course import participation
from workflows.course import services as course_domain
from workflows.course.flows import CourseFlow
from workflows.models import (
    Audience,
    CompetenceModule,
    Course,
    DecisionText,
    GuidanceSession,
    Municipality,
    Registration,
    Workshop,
)
from workflows.municipality import exchange
from workflows.municipality.services import ensure_contact_people
from workflows.registration import services


def _first_monday(year, month):
    day = date(year, month, 1)
    return day + timedelta(days=(7 - day.weekday()) % 7)


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
    started = _first_monday(today.year if today.month >= 8 else today.year - 1, 8)
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
    step("CVR numbers of the municipalities mid-course, for signing in with MitID Erhverv")
    _cvr_numbers()


def _cvr_numbers():
    """Made-up CVR numbers (not the municipalities' real ones) for the municipalities mid-course, so that sign-in by
    MitID Erhverv can be tried against a local OpenID provider (README: OIDC_*). Numbers entered already stay."""
    for municipality in Municipality.objects.filter(code__in=DEMO_COURSES, cvr=""):
        municipality.cvr = f"{99000000 + municipality.pk:08d}"
        municipality.save(update_fields=["cvr"])
