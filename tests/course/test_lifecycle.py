"""The one lifecycle (workflows/course/lifecycle.py) as the municipality and the staff see it, in the states real use
reaches: before the lead adviser is assigned, mid-course in the ninth month, a guidance session booked, and the
calendar that holds appointments only (a deadline is never dressed as a meeting)."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from core import scheduler
from devtools.factories.workflows import local
from tests.support.course import AUTUMN, KICKOFF, accepted_registration, course_under_way, do_task, open_task, staff
from tests.support.programme import emails_to, ics_events, path_of
from workflows.course import lifecycle
from workflows.course import services as course_services
from workflows.course.flows import CourseFlow
from workflows.models import Registration
from workflows.registration import links
from workflows.staff.models import CalendarFeed

pytestmark = pytest.mark.django_db

NINTH_MONTH = KICKOFF + timedelta(days=255)  # 16 September 2027: the midway status falls due on 4 October


def current_step(html):
    [label] = re.findall(r'aria-current="step">\s*(?:<[^>]+>\s*)*([^<]+?)\s*<', html)
    return label


def test_the_lead_adviser_step_is_done_when_the_coordinator_has_done_it(client):
    anne, _bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        registration = accepted_registration(adviser=anne)
        # The adviser who accepts on the screening screen is the lead adviser until a coordinator assigns one.
        Registration.objects.filter(pk=registration.pk).update(lead_adviser=anne)
        assert lifecycle.current_milestone(registration).key == "lead_adviser"
        client.force_login(carla)
        case = client.get(f"/admin/sager/{registration.pk}/").content.decode()
        assert current_step(case) == "Fast rådgiver udpeget"
        assert "Anne Rådgiver (indtil en koordinator udpeger en)" in case
        do_task(client, carla, open_task(registration, CourseFlow.assign_lead_adviser), {"lead_adviser": anne.pk})
        registration.refresh_from_db()
        assert lifecycle.current_milestone(registration).key == "kickoff"


def test_a_course_in_its_ninth_month_stands_before_its_midway_status(client):
    anne, _bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        registration = accepted_registration(adviser=anne)
    course_under_way(client, registration, anne, carla)
    with time_machine.travel(NINTH_MONTH, tick=False):
        scheduler.run_due_jobs()
        registration.refresh_from_db()
        assert registration.phase == lifecycle.Phase.IN_COURSE
        status = client.get(path_of(links.status_url(registration))).content.decode()
        client.force_login(anne)
        case = client.get(f"/admin/sager/{registration.pk}/").content.decode()

    assert '<span data-testid="status">I forløb</span>' in status
    assert current_step(status) == "Midtvejsstatus" and current_step(case) == "Midtvejsstatus"
    coming = status[status.index('data-testid="coming"'):]
    coming = coming[:coming.index("</ul>")]
    # Only dates ahead: the kickoff (4 January) and the workshop (10 February) are past.
    assert "Opstart" not in coming and "Workshop" not in coming
    # The deadlines read as deadlines, with their day and no time; the course's end is a day.
    assert re.findall(r"<li[^>]*>([^<]+?)(?:,|: [a-z])", coming) == [
        "Frist: Midtvejsstatus", "Frist: Slutevaluering", "Forløbet slutter"]
    assert "Frist: Midtvejsstatus, mandag 4. oktober 2027" in coming
    assert coming.count('data-kind="deadline"') == 2 and " kl. " not in coming
    assert "tirsdag 4. juli 2028" in coming
    for key in ("midtvejsstatus", "slutevaluering", "afslutning"):
        assert f"/kalender/{key}.ics" in coming
    # The past kickoff has no calendar file any more; an unknown one is a 404, not a 500.
    with time_machine.travel(NINTH_MONTH, tick=False):
        token = links.status_token(registration)
        assert client.get(f"/forloeb/status/{token}/kalender/opstart.ics").status_code == 404
        assert client.get(f"/forloeb/status/{token}/kalender/workshop-999.ics").status_code == 404
        [midway] = Calendar.from_ical(
            client.get(f"/forloeb/status/{token}/kalender/midtvejsstatus.ics").content).walk("VEVENT")
    assert midway.decoded("dtstart") == date(2027, 10, 4)  # an all-day entry, not a meeting
    assert midway.decoded("dtend") == date(2027, 10, 5) and str(midway["TRANSP"]) == "TRANSPARENT"
    assert str(midway["SUMMARY"]).startswith("Frist: Midtvejsstatus: ")


def test_a_booked_guidance_session_is_an_appointment_and_its_deadline_is_not(
    client, django_capture_on_commit_callbacks
):
    anne, _bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        registration = accepted_registration(adviser=anne)
    course_under_way(client, registration, anne, carla)
    course = registration.course
    booked_for = local(date(2027, 2, 4), 13)
    with time_machine.travel(local(date(2027, 1, 25), 9), tick=False):
        scheduler.run_due_jobs()
        booking = open_task(registration, CourseFlow.book_guidance)
        assert booking.deadline.due_at == local(date(2027, 2, 4), 12)  # a month after the kickoff, at noon
        client.force_login(anne)
        CalendarFeed.objects.create(user=anne)
        calendar = client.get("/admin/kalender/").content.decode()
        # The booking task is a deadline: listed as one, never as a meeting in the agenda or the feed.
        assert 'data-testid="agenda-guidance"' not in calendar
        deadlines = calendar[calendar.index('data-testid="deadlines"'):]
        assert "Book en vejledningssession: Aarhus" in deadlines[:deadlines.index("</ul>")]
        assert all("vejledning" not in str(event["uid"]) for event in _feed(client, anne).walk("VEVENT"))

        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            do_task(client, anne, booking, {"starts_at": "2027-02-04T13:00", "duration_minutes": 60,
                                            "place": "", "meeting_url": "https://moede.example.dk/aarhus"})
        [invitation] = emails_to(registration.contact_email)
        assert invitation.subject == "Vejledningssession 4. februar kl. 13:00"
        assert "torsdag 4. februar 2027 kl. 13:00–14:00 (dansk tid)" in invitation.body
        [event] = ics_events(invitation)
        assert event.decoded("dtstart").astimezone(UTC) == datetime(2027, 2, 4, 12, 0, tzinfo=UTC)

        calendar = client.get("/admin/kalender/").content.decode()
        assert calendar.count('data-testid="agenda-guidance"') == 1 and "13:00–14:00" in calendar
        [session] = course.guidance_sessions.all()
        assert session.starts_at == booked_for
        [feed_event] = [e for e in _feed(client, anne).walk("VEVENT") if "vejledning" in str(e["uid"])]
        assert str(feed_event["uid"]) == str(event["uid"])
        status = client.get(path_of(links.status_url(registration))).content.decode()
        assert "Vejledningssession 1: torsdag 4. februar 2027 kl. 13:00" in status
        assert f"/kalender/vejledning-{session.pk}.ics" in status

    # The session is held; recording it raises nothing at once: the next is booked two weeks before it falls due.
    with time_machine.travel(booked_for + timedelta(hours=2), tick=False):
        scheduler.run_due_jobs()
        do_task(client, anne, open_task(registration, CourseFlow.guidance),
                {"held_on": "2027-02-04", "notes": "Roller for peers drøftet."})
        scheduler.run_due_jobs()
        assert not registration.processes.filter(
            task__flow_task=CourseFlow.book_guidance, task__finished__isnull=True).exists()
    with time_machine.travel(local(date(2027, 2, 18), 8, 1), tick=False):
        scheduler.run_due_jobs()
        booking = open_task(registration, CourseFlow.book_guidance)
    assert booking.deadline.due_at == local(date(2027, 3, 4), 12)


def _feed(client, user):
    feed = CalendarFeed.objects.get(user=user)
    return Calendar.from_ical(client.get(reverse("staff_calendar_feed", args=[feed.token])).content)


def test_no_workshop_outlives_its_course(client):
    """A workshop is planned before the final evaluation; and a course that closes cancels a workshop process left
    open (an outcome never recorded), so a completed case keeps no open work."""
    anne, _bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        registration = accepted_registration(adviser=anne)
    with time_machine.travel(local(date(2026, 12, 1), 10), tick=False):
        do_task(client, carla, open_task(registration, CourseFlow.assign_lead_adviser), {"lead_adviser": anne.pk})
        do_task(client, anne, open_task(registration, CourseFlow.schedule_kickoff),
                {"kickoff_at": "2027-01-04T10:00", "kickoff_place": "Rådhuset", "kickoff_url": ""})
    with time_machine.travel(KICKOFF + timedelta(minutes=1), tick=False):
        scheduler.run_due_jobs()
        plan = open_task(registration, CourseFlow.plan_workshop)
        client.force_login(anne)
        late = client.post(f"/admin/opgaver/{plan.pk}/", {
            "audience": "peers", "starts_at": "2028-06-20T09:00", "duration_minutes": 120, "place": "Værestedet"})
        assert "Workshops holdes før slutevalueringen 4. juni 2028." in late.content.decode()
        do_task(client, anne, plan, {"audience": "peers", "starts_at": "2027-02-10T09:00", "duration_minutes": 120,
                                     "place": "Værestedet"})
    course_process = registration.processes.get(flow_class=CourseFlow)
    assert registration.processes.filter(finished__isnull=True).exclude(pk=course_process.pk).exists()
    course_services.close(registration.course, running=course_process)
    assert not registration.processes.filter(finished__isnull=True).exclude(pk=course_process.pk).exists()
    registration.refresh_from_db()
    assert registration.phase == lifecycle.Phase.COMPLETED
