"""Acceptance: one municipality through the whole 18-month course, with time travel and the scheduler's entry
point firing every timer, ending with the process done and the expected Danish emails sent."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from icalendar import Calendar
from viewflow.workflow.models import Task

from core import scheduler
from devtools.factories.workflows import local
from tests.support.course import (
    COHORT_STARTS,
    KICKOFF,
    accepted_registration,
    answers_for,
    decisions,
    do_task,
    nominate,
    open_task,
    staff,
)
from tests.support.municipality_tasks import contact_person_client, do_municipality_tasks
from tests.support.programme import emails_to, html_body, ics_events, links_in, path_of
from workflows.course.flows import CourseFlow
from workflows.models import Registration

pytestmark = pytest.mark.django_db

CONTACT = "peer@aarhus.kommune.example.dk"


def test_a_municipality_goes_through_the_whole_course(client, django_capture_on_commit_callbacks):
    anne, _bo, carla = staff()
    with time_machine.travel(local(date(2026, 9, 1), 10), tick=False):
        registration = accepted_registration(adviser=anne)
        course = registration.course
        assert course.starts_on == COHORT_STARTS

        # A coordinator assigns the lead adviser; the kickoff task goes straight to her, with an email.
        with django_capture_on_commit_callbacks(execute=True):
            form = do_task(client, carla, open_task(registration, CourseFlow.assign_lead_adviser),
                           {"lead_adviser": anne.pk})
        assert ">Anne Rådgiver<" in form  # the lead adviser is one of the choices
        [assigned] = emails_to(anne.email)
        assert assigned.subject == "Ny opgave til dig: Planlæg opstart (Aarhus)"
        kickoff_task = open_task(registration, CourseFlow.schedule_kickoff)
        task_link = next(link for link in links_in(assigned.body) if f"/admin/opgaver/{kickoff_task.pk}/" in link)
        client.force_login(anne)
        task_page = client.get(path_of(task_link), follow=True)
        assert task_page.status_code == 200 and "Planlæg opstart" in task_page.content.decode()

        # The adviser schedules the kickoff; the municipality is invited with an .ics.
        with django_capture_on_commit_callbacks(execute=True):
            do_task(client, anne, open_task(registration, CourseFlow.schedule_kickoff),
                    {"kickoff_at": "2027-01-04T10:00", "kickoff_place": "Rådhuset, Aarhus", "kickoff_url": ""})
    [invitation] = emails_to(CONTACT)[-1:]
    assert invitation.subject == "Invitation til opstart af rådgivningsforløbet 4. januar kl. 10:00"
    assert "mandag 4. januar 2027 kl. 10:00 (dansk tid)" in invitation.body
    assert "Sted: Rådhuset, Aarhus" in invitation.body
    assert "Anne Rådgiver (anne@styrelsen.example.dk)" in invitation.body
    [event] = ics_events(invitation)
    assert event.decoded("dtstart").astimezone(UTC) == datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
    status_link = next(link for link in links_in(invitation.body) if "/forloeb/status/" in link)
    assert f'href="{status_link}"' in html_body(invitation)
    # The municipality opens the link the day it arrives (links expire: never open one at the real date).
    with time_machine.travel(local(date(2026, 9, 1), 11), tick=False):
        status_page = client.get(path_of(status_link)).content.decode()
        kickoff_file = client.get(path_of(status_link) + "kalender/opstart.ics").content
    assert "Anne Rådgiver" in status_page and "anne@styrelsen.example.dk" in status_page
    # The status page's calendar entry for the kickoff is now the scheduled meeting, the invitation's own event.
    assert "mandag 4. januar 2027 kl. 10:00" in status_page
    [kickoff] = Calendar.from_ical(kickoff_file).walk("VEVENT")
    assert kickoff.decoded("dtstart").astimezone(UTC) == datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
    assert str(kickoff["uid"]) == str(event["uid"])

    # The municipality sets out its goals and starting point before the kickoff, in "Jeres forløb".
    municipality = contact_person_client(registration)
    with time_machine.travel(local(date(2026, 12, 10), 10), tick=False):
        do_municipality_tasks(municipality, registration)
    assert registration.self_assessments.get().kind == "baseline"

    # The kickoff takes place; from then on the scheduler runs, and the adviser and the municipality work through
    # their tasks daily.
    with time_machine.travel(KICKOFF + timedelta(minutes=1), tick=False):
        scheduler.run_due_jobs()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.IN_COURSE
    with time_machine.travel(KICKOFF + timedelta(hours=2), tick=False):
        do_task(client, anne, open_task(registration, CourseFlow.plan_workshop),
                {"audience": "management", "starts_at": "2027-02-10T09:00", "duration_minutes": 180,
                 "place": "Rådhuset, mødelokale 2", "plan_another": "on"})
        do_task(client, anne, open_task(registration, CourseFlow.plan_workshop),
                {"audience": "peers", "starts_at": "2027-04-14T13:00", "duration_minutes": 120,
                 "place": "Værestedet Lyset"})
        # The municipality nominates two participants in "Jeres forløb"; the lead adviser (no partner) confirms.
        nominations = nominate(registration, "Mette Peer", "Jonas Medarbejder")
        do_task(client, anne, open_task(registration, CourseFlow.enrol_participants), decisions(nominations))
    assert course.enrolments.count() == 4

    mail.outbox.clear()
    moment = KICKOFF + timedelta(days=1)
    at_risk_seen = False
    while moment < KICKOFF + timedelta(days=560):
        with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
            scheduler.run_due_jobs()
            if course.competence_at_risk() and not at_risk_seen:
                at_risk_seen = True
                client.force_login(carla)
                dashboard = client.get("/admin/overblik/").content.decode()
                assert "Aarhus</a> – frist 4. januar 2028" in dashboard
            # Its people sign in afresh when a task comes (a session does not last the months between them).
            do_municipality_tasks(contact_person_client(registration), registration)
            for task in Task.objects.filter(owner=anne, status="ASSIGNED").order_by("created"):
                do_task(client, anne, task, answers_for(task, moment.date()))
        moment += timedelta(days=1)

    registration.refresh_from_db()
    process = registration.processes.get(flow_class=CourseFlow)
    assert process.status == "DONE"
    assert registration.status == Registration.Status.COMPLETED
    assert at_risk_seen and not course.competence_at_risk()
    assert course.guidance_sessions.count() == 16
    assert list(course.evaluations.values_list("kind", flat=True)) == ["midway", "final"]
    assert list(registration.self_assessments.values_list("kind", flat=True)) == ["baseline", "midway", "final"]
    assert not registration.processes.filter(finished__isnull=True).exists()

    # Its tasks reminded it before their due dates, each once (it answered neither workshop's invitation).
    reminders = [message.subject for message in emails_to(CONTACT) if message.subject.startswith("Påmindelse")]
    assert [subject for subject in reminders if "Hvem kommer" in subject] == [
        "Påmindelse: Hvem kommer til workshoppen – frist 4. februar",
        "Påmindelse: Hvem kommer til workshoppen – frist 8. april",
    ]
    reminders = [message for message in emails_to(CONTACT) if message.subject.startswith("Påmindelse: udvikling")]
    assert [message.subject for message in reminders] == [
        "Påmindelse: udviklingsworkshop 10. februar kl. 09:00",
        "Påmindelse: udviklingsworkshop 14. april kl. 13:00",
    ]
    assert "onsdag 14. april 2027 kl. 13:00–15:00 (dansk tid)" in reminders[1].body
    [workshop_event] = ics_events(reminders[1])
    assert workshop_event.decoded("dtstart").astimezone(UTC) == datetime(2027, 4, 14, 11, 0, tzinfo=UTC)

    [summary] = [message for message in emails_to(CONTACT) if "afsluttet" in message.subject]
    assert summary.subject == "Rådgivningsforløbet er afsluttet – opsummering for Aarhus"
    assert "Forløbet løb fra 4. januar 2027 til 4. juli 2028." in summary.body
    assert "Udviklingsworkshops: 2" in summary.body and "Vejledningssessioner: 16" in summary.body
    assert "heraf gennemført: 4" in summary.body
    assert len(emails_to("chef@aarhus.kommune.example.dk")) == 1
