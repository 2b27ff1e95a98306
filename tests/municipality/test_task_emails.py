"""A new task of the municipality's is announced to the case's people by the reminders' hourly run
(`municipality.reminders`): its title, due date and link, never its content, to the contact persons who never signed
in too; once, whatever runs twice; the reminders stay once-only.
And a person's first sign-in, by link or by MitID Erhverv, goes on the case's timeline once
(`municipality.services.note_first_sign_in`)."""

from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client
from wagtail.models import ModelLogEntry

from core import scheduler
from core.models import OutboxMessage
from devtools.factories.workflows import CasePersonFactory, local
from tests.support.municipality_tasks import contact_person_client, do_municipality_tasks, municipality_task
from workflows.course.flows import CourseFlow
from workflows.municipality import reminders, services
from workflows.municipality.models import CasePerson

from .conftest import last_link, person
from .conftest import sign_in as sign_in_by_link
from .test_oidc import AARHUS_CVR, aarhus, broker, provider  # noqa: F401  (the broker's fixtures)
from .test_oidc import sign_in as sign_in_by_mitid

pytestmark = pytest.mark.django_db

MIDWAY = local(date(2027, 10, 4), 9)  # nine months after the course began: the midway assessment comes


def announcements(task):
    return OutboxMessage.objects.filter(template=reminders.NEW_TASK_TEMPLATE,
                                        body_text__contains=f"/opgaver/{task.pk}/")


def test_a_new_task_is_announced_to_the_cases_people_once_with_a_link_and_never_its_content(case):
    do_municipality_tasks(contact_person_client(case.aarhus), case.aarhus)  # the goals, sent
    colleague = CasePersonFactory(registration=case.aarhus, name="Mette Kollega")
    removed = CasePersonFactory(registration=case.aarhus, name="Ole Fjernet")
    removed.removed_at = local(date(2027, 2, 1), 9)
    removed.save()
    case.aarhus.second_contact_email, case.aarhus.second_contact_name = "ny@aarhus.example.dk", "Nina Ny"
    case.aarhus.save()  # named on the status page, never signed in: no person record yet
    with time_machine.travel(MIDWAY, tick=False):
        scheduler.run_due_jobs()
        reminders.send_due_notices()
        reminders.send_due_notices()  # the job again, or on a second host: nothing more
    task = municipality_task(case.aarhus, CourseFlow.assess_midway)
    sent = {message.recipient: message for message in announcements(task)}
    assert set(sent) == {case.aarhus.contact_email, colleague.user.email, "ny@aarhus.example.dk"}
    assert announcements(task).count() == 3  # once each
    message = sent["ny@aarhus.example.dk"]
    assert "Nina Ny" in message.body_text and str(task.flow_task.task_title) in message.subject + message.body_text
    assert f"/forloeb/jeres/{case.aarhus.pk}/opgaver/{task.pk}/" in message.body_text
    assert str(task.flow_task.task_description) not in message.body_text  # what the task is about stays behind
    # Staff steps are not announced to the municipality.
    assert not OutboxMessage.objects.filter(template=reminders.NEW_TASK_TEMPLATE, subject__contains="Midway status")


def test_the_reminder_still_comes_once_after_the_announcement(case):
    task = municipality_task(case.aarhus, CourseFlow.nominate_participants)  # created at the kickoff
    reminders.send_due_notices(now=task.created + timedelta(hours=1))
    assert announcements(task).filter(recipient=case.aarhus.contact_email).count() == 1
    due = task.deadline.due_at
    for _run in range(2):
        reminders.send_due_notices(now=due - reminders.REMIND_BEFORE / 2)
    assert OutboxMessage.objects.filter(template=reminders.REMINDER_TEMPLATE,
                                        body_text__contains=f"/opgaver/{task.pk}/").count() == 1
    assert announcements(task).count() == 1


def test_a_task_created_inside_the_reminder_window_gets_its_reminder_only_and_old_tasks_no_announcement(case):
    task = municipality_task(case.aarhus, CourseFlow.nominate_participants)
    OutboxMessage.objects.all().delete()
    reminders.send_due_notices(now=task.created + timedelta(days=2))  # more than a day old: not new any more
    assert not announcements(task).exists()
    late = municipality_task(case.aarhus, CourseFlow.set_goals)  # created in December, due 30 December
    OutboxMessage.objects.all().delete()
    late.created = late.deadline.due_at - timedelta(days=3)  # as if created three days before it is due
    late.save()
    reminders.send_due_notices(now=late.created + timedelta(minutes=5))
    assert not announcements(late).exists()
    assert OutboxMessage.objects.filter(template=reminders.REMINDER_TEMPLATE,
                                        body_text__contains=f"/opgaver/{late.pk}/").exists()


def first_sign_ins(registration):
    return ModelLogEntry.objects.filter(action=services.FIRST_SIGN_IN, data__registration=registration.pk)


def test_the_first_sign_in_by_link_goes_on_the_timeline_once_per_person(client, case):
    sign_in_by_link(client, case.aarhus.contact_email)
    contact = person(case.aarhus, case.aarhus.contact_email)
    client.logout()
    sign_in_by_link(client, case.aarhus.contact_email)  # again: not a first time
    [entry] = first_sign_ins(case.aarhus)
    assert entry.object_id == str(contact.pk) and entry.user_id == contact.user_id
    assert not first_sign_ins(case.odense).exists()

    colleague = CasePersonFactory(registration=case.aarhus, name="Mette Kollega")
    other = Client()
    assert other.post("/forloeb/jeres/log-ind/", {"email": colleague.user.email}).status_code == 302
    assert other.post(last_link(colleague.user.email)).status_code == 302
    assert first_sign_ins(case.aarhus).count() == 2

    adviser = Client()
    adviser.force_login(case.adviser)
    page = adviser.get(f"/admin/sager/{case.aarhus.pk}/").content.decode()
    assert page.count(contact.name) >= 1 and "Mette Kollega" in page
    from workflows.staff.timeline import timeline

    firsts = [event for event in timeline(case.aarhus) if event.kind == "person" and contact.name in event.what
              and "Colleague" not in event.what]
    assert len(firsts) == 1


def test_a_staff_sign_in_is_no_persons_first(client, case):
    services.note_first_sign_in(case.adviser)
    assert not ModelLogEntry.objects.filter(action=services.FIRST_SIGN_IN).exists()


def test_the_first_sign_in_by_mitid_erhverv_counts_only_the_named_municipalitys_cases(client, broker, aarhus):  # noqa: F811
    response = sign_in_by_mitid(client, broker, "else-1", aarhus.contact_email, AARHUS_CVR)
    assert response.status_code == 302
    [entry] = first_sign_ins(aarhus)
    assert entry.object_id == str(CasePerson.objects.get(registration=aarhus).pk)
    client.logout()
    sign_in_by_mitid(client, broker, "else-1", aarhus.contact_email, AARHUS_CVR)
    assert first_sign_ins(aarhus).count() == 1


def test_a_first_sign_in_elsewhere_is_not_this_cases(case):
    """A person of two cases who signs in by MitID Erhverv for one municipality has not signed in to the other."""
    user = services.ensure_contact_people(case.aarhus.contact_email)
    CasePersonFactory(registration=case.odense, user=user, name="Samme Person", role=CasePerson.Role.COLLEAGUE)
    services.note_first_sign_in(user, cvr="00000000")
    assert not ModelLogEntry.objects.filter(action=services.FIRST_SIGN_IN).exists()
    services.note_first_sign_in(user)
    assert first_sign_ins(case.aarhus).count() == 1 and first_sign_ins(case.odense).count() == 1
