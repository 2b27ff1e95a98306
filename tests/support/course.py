"""Helpers shared by the course and back-office tests: an accepted municipality and doing tasks as staff."""

from datetime import date, timedelta

import time_machine
from viewflow.workflow.models import Task

from core import scheduler
from devtools.factories.core import UserFactory
from devtools.factories.workflows import (
    CohortFactory,
    CompetenceModuleFactory,
    RegistrationFactory,
    local,
    municipality,
)
from workflows.course import participation
from workflows.course.flows import CourseFlow, WorkshopFlow
from workflows.models import DecisionText
from workflows.municipality.services import ensure_contact_people
from workflows.permissions import Role
from workflows.registration import services
from workflows.registration.flows import ScreeningFlow

COHORT_STARTS = date(2027, 1, 4)  # a Monday
AUTUMN = local(date(2026, 9, 1), 10)  # registrations are screened


def staff():
    """An adviser (the future lead adviser), a second adviser and a coordinator."""
    return (
        UserFactory(username="anne", first_name="Anne", last_name="Rådgiver", email="anne@styrelsen.example.dk",
                    groups=[Role.ADVISER]),
        UserFactory(username="bo", first_name="Bo", last_name="Kollega", email="bo@styrelsen.example.dk",
                    groups=[Role.ADVISER]),
        UserFactory(username="carla", first_name="Carla", last_name="Koordinator",
                    email="carla@styrelsen.example.dk", groups=[Role.COORDINATOR]),
    )


def accepted_registration(code="aarhus", adviser=None, cohort=None):
    """A municipality registered in autumn 2026 and accepted by `adviser`: its CourseFlow has started."""
    if cohort is None:
        cohort = CohortFactory(
            label="Januar 2027", starts_on=COHORT_STARTS, registration_opens=local(date(2026, 6, 1)),
            registration_closes=local(date(2026, 10, 1), 12),
        )
        CompetenceModuleFactory(programme=cohort.programme, title="Grundmodul for peers", mandatory=True)
        CompetenceModuleFactory(programme=cohort.programme, title="Samarbejde med peers", audience="staff")
    registration = services.submit(RegistrationFactory.build(
        cohort=cohort, programme=cohort.programme, municipality=municipality(code),
        contact_email=f"peer@{code}.kommune.example.dk", manager_email=f"chef@{code}.kommune.example.dk",
    ))
    task = open_task(registration, ScreeningFlow.screen)
    with task.activation() as activation:
        activation.assign(adviser)
    with task.activation() as activation:
        activation.start(None)
        services.decide(registration, DecisionText.Decision.ACCEPT)
        activation.execute()
    registration.refresh_from_db()
    return registration


def open_task(registration, node=None):
    tasks = Task.objects.filter(process__registrationprocess__registration=registration, finished__isnull=True,
                                flow_task_type="HUMAN").exclude(status="CANCELED")
    if node is not None:
        tasks = tasks.filter(flow_task=node)
    return tasks.get()


def do_task(client, user, task, data):
    """Claim the task if it is nobody's, then fill in its form as `user` would; return the form page's HTML."""
    client.force_login(user)
    if task.owner_id is None:
        assert client.post(f"/admin/opgaver/{task.pk}/tag/").status_code == 302
    form = client.get(f"/admin/opgaver/{task.pk}/")
    assert form.status_code == 200, form.get("Location")
    response = client.post(f"/admin/opgaver/{task.pk}/", data)
    assert response.status_code == 302, response.content.decode()
    return form.content.decode()


KICKOFF = local(COHORT_STARTS, 10)  # Monday 4 January 2027, 10:00 Copenhagen
FIRST_WORKSHOP = "2027-02-10T09:00"


def course_under_way(client, registration, lead, coordinator, partner=None):
    """Lead adviser (and `partner`, the competence partner, if given) assigned, kickoff held on 4 January 2027 and
    one management workshop planned for 10 February. Leaves the clock where it was; callers travel to a moment
    after the kickoff."""
    with time_machine.travel(local(date(2026, 12, 1), 10), tick=False):
        do_task(client, coordinator, open_task(registration, CourseFlow.assign_lead_adviser),
                {"lead_adviser": lead.pk, "competence_partner": partner.pk if partner else ""})
        do_task(client, lead, open_task(registration, CourseFlow.schedule_kickoff),
                {"kickoff_at": "2027-01-04T10:00", "kickoff_place": "Rådhuset", "kickoff_url": ""})
    with time_machine.travel(KICKOFF + timedelta(minutes=1), tick=False):
        scheduler.run_due_jobs()
        do_task(client, lead, open_task(registration, CourseFlow.plan_workshop),
                {"audience": "management", "starts_at": FIRST_WORKSHOP, "duration_minutes": 180,
                 "place": "Rådhuset, mødelokale 2"})
    client.logout()


def nominate(registration, *names, modules=None):
    """The municipality's contact person nominates `names` (peers, addresses made from the names) for `modules`
    (by default every module of the programme) and sends the task, as in "Jeres forløb"; the competence partner's
    step (`CourseFlow.enrol_participants`) opens. Returns the nominations."""
    user = ensure_contact_people(registration.contact_email)
    chosen = list(modules if modules is not None else registration.programme.modules.all())
    nominations = participation.nominate(registration.course, [
        {"name": name, "email": f"{name.split()[0].lower()}@{registration.municipality.code}.example.dk",
         "role": "peer", "modules": chosen} for name in names], by=registration.people.get(user=user))
    task = open_task(registration, CourseFlow.nominate_participants)
    with task.activation() as activation:
        activation.assign(user)
    with task.activation() as activation:
        activation.start(None)
        activation.execute()
    return nominations


def decisions(nominations, declined=()):
    """The partner's step's form: confirm every nomination but those named in `declined` (with a reason)."""
    data = {}
    for nomination in nominations:
        refused = nomination.name in declined
        data[f"decision_{nomination.pk}"] = "decline" if refused else "confirm"
        data[f"reason_{nomination.pk}"] = "Ikke i målgruppen." if refused else ""
    return data


def answers_for(task, day):
    """What the lead adviser writes in each kind of task of the course (`day`: today, the completions' date)."""
    node = task.flow_task
    if node == WorkshopFlow.prepare:
        return {"agenda": "Velkomst, erfaringer med peers, fælles mål."}
    if node == WorkshopFlow.record_outcome:
        return {"attendance": 14, "notes": "God dialog om roller.", "agreed_actions": "Lav en rollebeskrivelse."}
    course = task.process.coerced.registration.course
    if node == CourseFlow.book_guidance:
        return {"starts_at": f"{course.next_guidance_on().isoformat()}T13:00", "duration_minutes": 60,
                "place": "", "meeting_url": "https://moede.example.dk/vejledning"}
    if node == CourseFlow.guidance:
        held_on = course.booked_guidance_session().day
        return {"held_on": held_on.isoformat(), "notes": f"Vejledning {held_on:%B}: opfølgning på handleplanen."}
    if node in (CourseFlow.midway_status, CourseFlow.final_evaluation):
        return {"progress": "on_track", "peers_involved": 4, "achievements": "To peers er ansat.",
                "challenges": "", "next_steps": "Peers i alle bosteder."}
    if node == CourseFlow.record_completions:
        return {"completed": [enrolment.pk for enrolment in course.enrolments.all()], "completed_on": day.isoformat()}
    raise AssertionError(f"unexpected task {node}")
