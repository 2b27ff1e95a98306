"""Every calendar file the product writes follows one policy (core.ics), read by two independent parsers
(icalendar, which writes them, and vobject): UTC times, an ORGANIZER, a LOCATION or URL, a SEQUENCE that rises when
a meeting moves, METHOD:CANCEL with STATUS:CANCELLED when a sign-up or a registration is cancelled, a MIME part
that carries `method=`, and CRLF line endings that survive into the stored and the sent message."""

import base64
from datetime import timedelta

import pytest
import time_machine
import vobject
from django.core import mail
from icalendar import Calendar

from core.email import _build
from core.models import OutboxMessage
from devtools.factories.workflows import InformationMeetingFactory, MeetingSignupFactory
from tests.support.course import AUTUMN, KICKOFF, accepted_registration, course_under_way, staff
from workflows.meetings import links as meeting_links
from workflows.meetings import notifications as meeting_notifications
from workflows.registration import links, services
from workflows.staff.models import CalendarFeed

pytestmark = pytest.mark.django_db


def calendar_parts(message):
    return [part for part in message.attachments if part["mimetype"].startswith("text/calendar")]


def check(body, method):
    """Read `body` with both parsers and hold it to the policy; returns the icalendar events."""
    assert b"\r\n" in body and b"\n" not in body.replace(b"\r\n", b"")  # CRLF only
    calendar = Calendar.from_ical(body)
    assert str(calendar["method"]) == method
    events = list(calendar.walk("VEVENT"))
    assert events
    for event in events:
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "ORGANIZER", "SEQUENCE"):
            assert prop in event, prop
        assert "LOCATION" in event or "URL" in event
        start = event.decoded("DTSTART")
        if hasattr(start, "tzinfo"):
            assert start.utcoffset() == timedelta(0)  # written in UTC
        assert str(event["ORGANIZER"]).startswith("mailto:")
        if method == "CANCEL":
            assert str(event["STATUS"]) == "CANCELLED" and "ATTENDEE" in event
    parsed = vobject.readOne(body.decode())
    assert parsed.method.value == method and len(parsed.vevent_list) == len(events)
    return events


def stored_and_sent(message):
    """The calendar part as stored in the outbox and as the sent MIME message carries it."""
    [stored] = calendar_parts(message)
    body = base64.b64decode(stored["content"])
    sent = _build(message, connection=None).message()
    [part] = [part for part in sent.walk() if part.get_content_type() == "text/calendar"]
    assert part.get_param("method") == stored["mimetype"].split("method=")[1].split(";")[0]
    assert part["Content-Transfer-Encoding"] == "base64"
    assert part.get_payload(decode=True) == body
    return body


def test_the_meeting_file_follows_the_policy_and_its_sequence_rises_when_it_moves(django_capture_on_commit_callbacks):
    meeting = InformationMeetingFactory()
    with django_capture_on_commit_callbacks(execute=True):
        signup = MeetingSignupFactory(meeting=meeting)
        meeting_notifications.send_meeting_confirmation(signup)
    first = OutboxMessage.objects.get(template="meeting_confirmation")
    [event] = check(stored_and_sent(first), "PUBLISH")
    assert int(event["SEQUENCE"]) == 0 and str(event["LOCATION"]) == meeting.meeting_url

    meeting.starts_at += timedelta(hours=2)
    meeting.save()
    meeting_notifications.send_meeting_reminder(signup)
    [moved] = check(stored_and_sent(OutboxMessage.objects.get(template="meeting_reminder")), "PUBLISH")
    assert moved["UID"] == event["UID"] and int(moved["SEQUENCE"]) == 1
    meeting.save()  # nothing changed: no new revision
    meeting.refresh_from_db()
    assert meeting.calendar_sequence == 1


def test_cancelling_a_sign_up_takes_the_meeting_out_of_the_calendar(client):
    signup = MeetingSignupFactory()
    token = meeting_links.cancel_url(signup).rstrip("/").rsplit("/", 1)[1]
    client.post(f"/forloeb/moeder/afmeld/{token}/")
    message = OutboxMessage.objects.get(template="meeting_cancelled")
    [event] = check(stored_and_sent(message), "CANCEL")
    assert str(event["ATTENDEE"]) == f"mailto:{signup.email}" and int(event["SEQUENCE"]) == 1


def test_the_course_files_and_the_withdrawal_that_cancels_them(client, django_capture_on_commit_callbacks):
    anne, _bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        registration = accepted_registration(adviser=anne)
        registration.second_contact_name, registration.second_contact_email = "Bo Anden", "bo@aarhus.example.dk"
        registration.save()
    with django_capture_on_commit_callbacks(execute=True):
        course_under_way(client, registration, anne, carla)
    invitations = OutboxMessage.objects.filter(template="course_kickoff")
    assert invitations.count() == 2
    for message in invitations:
        [event] = check(stored_and_sent(message), "PUBLISH")
        assert str(event["LOCATION"]) == "Rådhuset"
    # Each contact person is greeted by their own name.
    assert invitations.get(recipient="bo@aarhus.example.dk").body_text.startswith("Kære Bo Anden\n")
    assert invitations.get(recipient=registration.contact_email).body_text.startswith(
        f"Kære {registration.contact_name}\n")
    with time_machine.travel(KICKOFF - timedelta(days=10), tick=False):  # both still ahead, whatever today is
        token = links.status_token(registration)
        for event_name in ("opstart", "afslutning"):
            response = client.get(f"/forloeb/status/{token}/kalender/{event_name}.ics")
            assert response["Content-Type"].startswith("text/calendar; method=PUBLISH")
            check(response.content, "PUBLISH")

    feed = CalendarFeed.objects.create(user=anne)
    with time_machine.travel(KICKOFF - timedelta(days=10), tick=False):
        response = client.get(f"/medarbejderkalender/{feed.token}.ics")
        assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
        summaries = [str(event["SUMMARY"]) for event in check(response.content, "PUBLISH")]
        assert "Opstart: Aarhus" in summaries and any(s.startswith("Workshop (ledelse)") for s in summaries)

    with time_machine.travel(KICKOFF - timedelta(days=5), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        mail.outbox.clear()
        services.withdraw(registration)
    cancellations = OutboxMessage.objects.filter(template="course_calendar_cancelled")
    assert sorted(cancellations.values_list("recipient", flat=True)) == [
        "bo@aarhus.example.dk", registration.contact_email]
    for message in cancellations:
        events = check(stored_and_sent(message), "CANCEL")
        assert {str(event["UID"]).split("-")[0] for event in events} == {"opstart", "workshop"}
    assert client.get(f"/medarbejderkalender/{feed.token}.ics").status_code == 200
    assert client.get("/medarbejderkalender/not-a-token.ics").status_code == 404


def test_a_renewed_feed_address_ends_the_old_one(client):
    anne, _bo, _carla = staff()
    client.force_login(anne)
    client.post("/admin/kalender/abonnement/")
    old = CalendarFeed.objects.get(user=anne).token
    assert client.get(f"/medarbejderkalender/{old}.ics").status_code == 200
    client.post("/admin/kalender/abonnement/")
    assert client.get(f"/medarbejderkalender/{old}.ics").status_code == 404
    new = CalendarFeed.objects.get(user=anne).token
    assert client.get(f"/medarbejderkalender/{new}.ics").status_code == 200
    anne.is_active = False
    anne.save()
    assert client.get(f"/medarbejderkalender/{new}.ics").status_code == 404
