"""Information meetings: sign-up with .ics and cancel link, capacity, closing at the start, and the meeting flow
(reminder the day before, attendance task for the host, follow-up to attendees) driven by the scheduler."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from core import scheduler
from devtools.factories.core import UserFactory
from devtools.factories.workflows import (
    CohortFactory,
    InformationMeetingFactory,
    MeetingSignupFactory,
    local,
    municipality,
)
from tests.support.programme import emails_to, html_body, ics_events, links_in, only_email_to, path_of
from workflows.meetings.flows import MeetingFlow
from workflows.models import MeetingSignup
from workflows.permissions import Role

pytestmark = pytest.mark.django_db

STARTS = local(date(2026, 12, 10), 14, 30)  # Thursday 10 December 2026, 14:30 Copenhagen = 13:30 UTC


def sign_up(client, meeting, email="mette@kommune.example.dk", **overrides):
    data = {"name": "Mette Hansen", "email": email, "municipality": municipality("aarhus").pk,
            "role": "Socialfaglig leder", **overrides}
    return client.post(f"/forloeb/moeder/{meeting.pk}/tilmeld/", data, follow=True)


def test_sign_up_confirms_by_email_with_the_link_an_ics_and_a_working_cancel_link(
    client, django_capture_on_commit_callbacks
):
    meeting = InformationMeetingFactory(starts_at=STARTS, meeting_url="https://meet.example.dk/peer-info")
    with time_machine.travel(STARTS - timedelta(days=3), tick=False):
        page = client.get(f"/forloeb/moeder/{meeting.pk}/tilmeld/").content.decode()
        assert "https://meet.example.dk/peer-info" not in page  # the link is only for those signed up
        with django_capture_on_commit_callbacks(execute=True):
            response = sign_up(client, meeting)
    assert "Du er tilmeldt" in response.content.decode()

    message = only_email_to("mette@kommune.example.dk")
    assert message.subject == "Du er tilmeldt informationsmødet 10. december kl. 14:30"
    assert "torsdag 10. december 2026 kl. 14:30–15:15 (dansk tid)" in message.body
    assert "https://meet.example.dk/peer-info" in message.body
    assert 'href="https://meet.example.dk/peer-info"' in html_body(message)
    [event] = ics_events(message)
    assert event.decoded("dtstart").astimezone(UTC) == datetime(2026, 12, 10, 13, 30, tzinfo=UTC)
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=45)
    assert "https://meet.example.dk/peer-info" in str(event.get("description"))

    cancel_link = next(link for link in links_in(message.body) if "/afmeld/" in link and link.endswith("/"))
    assert "Meld mig fra" in client.get(path_of(cancel_link)).content.decode()
    assert MeetingSignup.objects.active().count() == 1  # looking at the page cancels nothing
    client.post(path_of(cancel_link))
    assert MeetingSignup.objects.active().count() == 0
    assert "Du er nu meldt fra mødet." in client.get(path_of(cancel_link)).content.decode()


def test_a_full_meeting_refuses_more_sign_ups_and_keeps_the_input(client):
    meeting = InformationMeetingFactory(capacity=1)
    sign_up(client, meeting, email="first@example.dk")
    response = sign_up(client, meeting, email="second@example.dk", name="Søren Sen")
    html = response.content.decode()
    assert "Mødet er fuldt. Vælg en anden dato." in html and "Søren Sen" in html
    assert MeetingSignup.objects.count() == 1


def test_the_same_address_cannot_sign_up_twice(client):
    meeting = InformationMeetingFactory()
    sign_up(client, meeting)
    response = sign_up(client, meeting)
    assert "Denne e-mailadresse er allerede tilmeldt mødet." in response.content.decode()


def test_sign_up_closes_when_the_meeting_starts(client):
    meeting = InformationMeetingFactory(starts_at=STARTS)
    with time_machine.travel(STARTS - timedelta(seconds=1), tick=False):
        assert "Du er tilmeldt" in sign_up(client, meeting, email="in-time@example.dk").content.decode()
    with time_machine.travel(STARTS, tick=False):
        late = sign_up(client, meeting, email="late@example.dk").content.decode()
    assert "Tilmeldingen er lukket, fordi mødet er begyndt." in late
    assert MeetingSignup.objects.count() == 1


def test_meeting_flow_reminds_the_day_before_asks_the_host_for_attendance_then_follows_up(
    client, django_capture_on_commit_callbacks
):
    host = UserFactory(username="vaert", groups=[Role.ADVISER])
    with time_machine.travel(STARTS - timedelta(days=10), tick=False):
        meeting = InformationMeetingFactory(starts_at=STARTS, host=host)
        cohort = CohortFactory(programme=meeting.programme, label="August 2027",
                               registration_closes=local(date(2027, 5, 3), 12))
        came = MeetingSignupFactory(meeting=meeting, email="came@example.dk", municipality=municipality("odense"))
        stayed_away = MeetingSignupFactory(meeting=meeting, email="away@example.dk")
        MeetingSignupFactory(meeting=meeting, email="cancelled@example.dk", cancelled_at=STARTS - timedelta(days=9))
    process = meeting.process

    with time_machine.travel(STARTS - timedelta(days=1, minutes=1), tick=False):
        scheduler.run_due_jobs()
    assert mail.outbox == []

    with time_machine.travel(STARTS - timedelta(days=1) + timedelta(minutes=1), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        scheduler.run_due_jobs()
    assert sorted(m.to[0] for m in mail.outbox) == ["away@example.dk", "came@example.dk"]
    reminder = only_email_to("came@example.dk")
    assert reminder.subject == "Påmindelse: informationsmøde i morgen kl. 14:30"
    assert meeting.meeting_url in reminder.body and len(ics_events(reminder)) == 1

    with time_machine.travel(meeting.ends_at + timedelta(minutes=2), tick=False):
        scheduler.run_due_jobs()
    task = process.task_set.get(flow_task=MeetingFlow.attendance)
    assert (task.status, task.owner) == ("ASSIGNED", host)

    mail.outbox.clear()
    with time_machine.travel(meeting.ends_at + timedelta(hours=1), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        client.force_login(host)
        form = client.get(f"/admin/opgaver/{task.pk}/").content.decode()
        response = client.post(f"/admin/opgaver/{task.pk}/", {"attendees": [came.pk]})
    assert "Hvem deltog?" in form and "(Odense)" in form
    assert form.count('name="attendees"') == 2  # the cancelled sign-up is not listed
    assert response.status_code == 302
    came.refresh_from_db()
    stayed_away.refresh_from_db()
    assert (came.attended, stayed_away.attended) == (True, False)
    assert emails_to("away@example.dk") == []
    followup = only_email_to("came@example.dk")
    assert followup.subject == "Tak for din deltagelse i informationsmødet"
    assert "Fristen for tilmelding er mandag 3. maj 2027 kl. 12:00 (dansk tid)" in followup.body
    registration_link = next(link for link in links_in(followup.body) if "/tilmelding/" in link)
    with time_machine.travel(meeting.ends_at + timedelta(hours=2), tick=False):  # the day the email is read
        form = client.get(path_of(registration_link))
    assert form.status_code == 200 and cohort.label in form.content.decode()
    process.refresh_from_db()
    assert process.status == "DONE"


def test_moving_a_meeting_in_the_admin_moves_its_reminder(client, django_capture_on_commit_callbacks):
    with time_machine.travel(STARTS - timedelta(days=10), tick=False):
        meeting = InformationMeetingFactory(starts_at=STARTS)
        MeetingSignupFactory(meeting=meeting, email="mette@example.dk")
        client.force_login(UserFactory(groups=[Role.COORDINATOR]))
        moved_to = STARTS + timedelta(days=7)
        response = client.post(f"/admin/informationmeeting/edit/{meeting.pk}/", {
            "programme": meeting.programme_id, "starts_at": f"{moved_to:%Y-%m-%d %H:%M}",
            "duration_minutes": 45, "meeting_url": meeting.meeting_url, "capacity": 50, "host": "",
        })
    assert response.status_code == 302, response.content.decode()[:2000]

    with time_machine.travel(STARTS - timedelta(days=1) + timedelta(minutes=1), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        scheduler.run_due_jobs()
    assert emails_to("mette@example.dk") == []  # the old date passes quietly

    with time_machine.travel(moved_to - timedelta(days=1) + timedelta(minutes=1), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        scheduler.run_due_jobs()
    reminder = only_email_to("mette@example.dk")
    assert "torsdag 17. december 2026 kl. 14:30" in reminder.body
