"""The demo loader puts two municipalities mid-course (through the real flows), and fourteen of two earlier cohorts
through the whole course, idempotently."""

import io
import re
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from viewflow.workflow.models import Task

from core.models import OutboxMessage
from core.workdays import is_working_day
from devtools.demo import workflows as demo
from devtools.factories.core import UserFactory
from devtools.management.commands.load_demo import DEMO_USERS
from workflows import permissions
from workflows.course import lifecycle
from workflows.course.flows import CourseFlow, WorkshopFlow
from workflows.models import CompetenceModule, Indicator, InformationMeeting, Programme, Registration
from workflows.outcomes.results import KINDS, LATER, MINIMUM_GROUP, results
from workflows.permissions import Role
from workflows.registration.seats import seat_facts
from workflows.staff.queries import human_steps

pytestmark = pytest.mark.django_db


def test_demo_has_two_municipalities_mid_course(client):
    adviser = UserFactory(username="adviser", groups=[Role.ADVISER])
    coordinator = UserFactory(username="coordinator", groups=[Role.COORDINATOR])
    with time_machine.travel(datetime(2026, 11, 23, 10, 0, tzinfo=timezone.get_current_timezone()), tick=False):
        demo.load(step=lambda message: None)
        demo.load(step=lambda message: None)
    assert CompetenceModule.objects.exclude(programme__slug=demo.EARLIER_PROGRAMME).count() == len(demo.MODULES)
    for code in demo.DEMO_COURSES:
        registration = Registration.objects.get(municipality__code=code)
        assert registration.status == Registration.Status.IN_COURSE
        assert registration.lead_adviser == adviser and registration.cohort.label == "August 2026"
        open_tasks = Task.objects.filter(process__registrationprocess__registration=registration,
                                         finished__isnull=True, flow_task__in=human_steps())
        assert {task.flow_task for task in open_tasks} == {
            CourseFlow.book_guidance, CourseFlow.enrol_participants, WorkshopFlow.prepare,
        }
        assert all(task.owner == adviser for task in open_tasks)
        # It nominated two participants in "Jeres forløb"; the partner's confirmation waits.
        assert registration.course.nominations.filter(status="nominated").count() == 2
        # The municipality sent its goals and starting point before the kickoff, in "Jeres forløb".
        assert registration.self_assessments.get().answers.count() == Indicator.objects.active().count()
        # ... the week before the kickoff, and nominated the week after it, not on the day the demo was loaded.
        kickoff = registration.course.kickoff_at
        assert registration.self_assessments.get().submitted_at < kickoff
        assert all(kickoff < nomination.nominated_at < kickoff + timedelta(weeks=2)
                   for nomination in registration.course.nominations.all())
        # Its thread holds a word each way, and its adviser has shared the kickoff's slides.
        assert sorted(registration.messages.filter(in_thread=True).values_list("direction", flat=True)) == sorted(
            ["to_municipality", "from_municipality"])
        assert registration.documents.get().title == "Slides fra opstarten"
        # A believable history: registered before the deadline, a guidance session every month since the kickoff
        # on 3 August, each on a working day at 13:00; the next one is to be booked for 5 December.
        assert registration.created_at < registration.cohort.registration_closes
        sessions = list(registration.course.guidance_sessions.all())
        assert [session.held_on for session in sessions] == [date(2026, 9, 3), date(2026, 10, 5), date(2026, 11, 5)]
        assert all(timezone.localtime(session.starts_at).hour == 13 for session in sessions)
        assert registration.course.next_guidance_on() == date(2026, 12, 5)
    for meeting in InformationMeeting.objects.all():
        assert is_working_day(timezone.localdate(meeting.starts_at)), meeting.starts_at
    # Two earlier cohorts went through the whole course, in a programme of their own: the current programme's seat
    # figures are its own five municipalities' (Aarhus, Odense and Roskilde in January, Esbjerg and Horsens).
    current, earlier = Programme.objects.exclude(slug=demo.EARLIER_PROGRAMME).get(), Programme.objects.get(
        slug=demo.EARLIER_PROGRAMME)
    assert seat_facts(current).taken == 5
    cases = Registration.objects.filter(programme=earlier).select_related("course", "cohort")
    assert cases.count() == sum(len(profiles) for _months, profiles in demo.EARLIER_COHORTS)
    for case in cases:
        assert lifecycle.phase_of(case) == lifecycle.Phase.COMPLETED, case
        assert all(milestone.state == "done" for milestone in lifecycle.milestones(case)), case
        assert not Task.objects.filter(process__registrationprocess__registration=case, finished__isnull=True).exclude(
            status="CANCELED").exists(), case
        assert case.course.closed_at.date() < date(2026, 8, 3)  # before the cohort now mid-course began
    # Their emails went out back then: none waits in the outbox to be sent now.
    assert not OutboxMessage.objects.filter(status=OutboxMessage.Status.QUEUED,
                                            created_at__date__lt=date(2026, 8, 3)).exists()
    # Each indicator's change per cohort can be read: at least MINIMUM_GROUP municipalities stand behind every
    # figure, at every point and every change, and most scales rose.
    shown = [result for result in results() if result.cohort.programme_id == earlier.pk]
    assert sorted({str(result.cohort) for result in shown}) == ["August 2024", "Januar 2025"]
    assert len(shown) == 2 * Indicator.objects.count()
    for result in shown:
        assert all(result.points[kind].n >= MINIMUM_GROUP for kind in KINDS), result
        assert all(result.changes[kind].n >= MINIMUM_GROUP for kind in LATER), result
        assert result.changes[LATER[-1]].median > 0, result
    client.force_login(coordinator)
    assert client.get(f"/admin/sager/{cases[0].pk}/").status_code == 200


def test_the_demo_competence_partner_delivers_one_course():
    """With the demo's competence partner, one course's competence strand is theirs: the course names them and the
    enrolment step waits in their task list; the other course stays with the lead adviser."""
    adviser = UserFactory(username="adviser", groups=[Role.ADVISER])
    UserFactory(username="coordinator", groups=[Role.COORDINATOR])
    partner = UserFactory(username="partner", groups=[Role.PARTNER])
    with time_machine.travel(datetime(2026, 11, 23, 10, 0, tzinfo=timezone.get_current_timezone()), tick=False):
        demo.load(step=lambda message: None)
        demo.load(step=lambda message: None)
    for code in demo.DEMO_COURSES:
        registration = Registration.objects.get(municipality__code=code)
        enrol = Task.objects.get(process__registrationprocess__registration=registration, finished__isnull=True,
                                 flow_task=CourseFlow.enrol_participants)
        expected = partner if code == demo.PARTNER_COURSE else None
        assert registration.course.competence_partner == expected
        assert enrol.owner == (expected or adviser)


def test_load_demo_prints_every_demo_account(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue()
    for username, password, _groups, _superuser, name in DEMO_USERS:
        assert re.search(rf"{username}\s+{password}\s+{name}", printed), username
    assert "partner" in printed and "Kompetencepartner" in printed
    partner = get_user_model().objects.get(username="partner")
    assert partner.has_perm(permissions.DELIVER_COMPETENCE) and not partner.has_perm(permissions.WORK_CASES)
    assert Registration.objects.get(municipality__code=demo.PARTNER_COURSE).course.competence_partner == partner
    # The municipality mid-course: its contact person, the colleague she invited, and what waits for them.
    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    printed = out.getvalue()
    assert "peer@esbjerg.kommune.example.dk" in printed and "Kontaktperson" in printed
    assert "leder.psykiatri@esbjerg.kommune.example.dk" in printed and "Sofie Lund (Kollega)" in printed
    assert "their tasks waiting: Hvem kommer til workshoppen" in printed
