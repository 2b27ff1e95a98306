"""The plan as a calendar subscription (workflows.municipality.feed): each current person of a case makes their own
address on the plan page; a calendar program reads every dated event of the course from it, without signing in,
until the address is replaced, the person removed or deactivated, or the case ended. Read with icalendar (which
writes the files) and vobject (an independent reader), at a fixed moment in the middle of the course."""

import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
import vobject
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar

from core.logs import redact_path
from devtools.factories.workflows import CasePersonFactory, local
from tests.support.course import KICKOFF
from workflows.course import lifecycle
from workflows.course import services as course_services
from workflows.models import Audience, CompetenceModule, GuidanceSession, PlanFeed, Registration, Workshop
from workflows.municipality import services
from workflows.permissions import Role
from workflows.registration import services as registration_services
from workflows.staff.models import CalendarFeed

from .conftest import person, plan_url, sign_in

pytestmark = pytest.mark.django_db

ADDRESS = re.compile(r'id="feed-address" value="([^"]+)"')


def subscribe(client, registration):
    """Press "make my address" (or "make a new address") on the plan and read the address the page then shows."""
    response = client.post(f"{plan_url(registration)}kalender/")
    assert response.status_code == 302 and response["Location"].endswith("#kalender")
    page = client.get(plan_url(registration)).content.decode()
    return urlsplit(ADDRESS.search(page).group(1)).path


def events(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    parsed = vobject.readOne(response.content.decode())
    assert len(getattr(parsed, "vevent_list", [])) == len(calendar.walk("VEVENT"))
    return {str(event["UID"]).split("@")[0]: event for event in calendar.walk("VEVENT")}, calendar


def test_the_feed_holds_every_dated_event_of_the_course_with_place_link_and_what_is_expected(client, case):
    aarhus = case.aarhus
    course = aarhus.course
    session = GuidanceSession.objects.create(course=course, number=1, meeting_url="https://meet.example.dk/v1",
                                             starts_at=local(date(2027, 2, 3), 13))
    module = CompetenceModule.objects.get(programme=aarhus.programme, mandatory=True)
    course_services.enrol(course, [module], ["Sofie Peer", "Jens Peer"])
    workshop = course.workshops.get()
    sign_in(client, aarhus.contact_email)
    path = subscribe(client, aarhus)
    assert path.startswith("/forloeb/jeres/kalender/") and path.endswith(".ics")

    found, calendar = events(client, path)
    assert str(calendar["X-WR-CALNAME"]) == _("Course plan: %(municipality)s") % {"municipality": aarhus.municipality}
    plan = f"http://127.0.0.1:8000{plan_url(aarhus)}"
    for event in found.values():
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "ORGANIZER", "SEQUENCE", "DESCRIPTION"):
            assert prop in event, prop
        assert plan in str(event["DESCRIPTION"])  # and what is expected before it, above

    kickoff = found[f"opstart-{course.pk}"]  # the UID of the kickoff's invitation: calendars update, not duplicate
    assert kickoff.decoded("DTSTART") == KICKOFF and str(kickoff["LOCATION"]) == "Rådhuset"
    assert "TRANSP" not in kickoff and "STATUS" not in kickoff
    meeting = found[f"workshop-{workshop.pk}"]
    assert str(meeting["LOCATION"]) == "Rådhuset, mødelokale 2"
    assert str(meeting["SUMMARY"]) == _("Workshop: %(audience)s") % {"audience": Audience.MANAGEMENT.label}
    guidance = found[f"vejledning-{session.pk}"]
    assert str(guidance["URL"]) == "https://meet.example.dk/v1" and "https://meet.example.dk/v1" in str(
        guidance["DESCRIPTION"])
    assert guidance.decoded("DTEND") - guidance.decoded("DTSTART") == timedelta(minutes=60)

    # Deadlines are no meetings: all day, transparent, and called what they are.
    midway = found[f"registration-{aarhus.pk}-midtvejsstatus"]
    assert midway.decoded("DTSTART") == lifecycle.midway_on(aarhus) == date(2027, 10, 4)
    assert midway.decoded("DTEND") == date(2027, 10, 5) and str(midway["TRANSP"]) == "TRANSPARENT"
    assert str(midway["SUMMARY"]) == _("Deadline: %(what)s") % {"what": _("Midway status")}
    final = found[f"registration-{aarhus.pk}-slutevaluering"]
    assert final.decoded("DTSTART") == lifecycle.final_evaluation_on(aarhus)
    assert str(final["SUMMARY"]) == _("Deadline: %(what)s") % {"what": _("Final evaluation")}
    assert found[f"registration-{aarhus.pk}-afslutning"].decoded("DTSTART") == lifecycle.course_end(aarhus)
    learning = found[f"registration-{aarhus.pk}-kompetencemodul-{module.pk}"]
    assert learning.decoded("DTSTART") == module.starts_on and learning.decoded("DTEND") == module.ends_on + timedelta(
        days=1)
    assert str(learning["TRANSP"]) == "TRANSPARENT"
    days = {f"registration-{aarhus.pk}-{key}"
            for key in ("midtvejsstatus", "slutevaluering", "afslutning", f"kompetencemodul-{module.pk}")}
    assert set(found) == {f"opstart-{course.pk}", f"workshop-{workshop.pk}", f"vejledning-{session.pk}", *days}


def test_a_moved_workshop_keeps_its_uid_with_a_higher_sequence(client, case):
    sign_in(client, case.aarhus.contact_email)
    path = subscribe(client, case.aarhus)
    workshop = case.aarhus.course.workshops.get()
    before, _calendar = events(client, path)
    workshop.starts_at += timedelta(days=1)
    workshop.save()
    after, _calendar = events(client, path)
    uid = f"workshop-{workshop.pk}"
    assert set(after) == set(before)
    assert int(after[uid]["SEQUENCE"]) == int(before[uid]["SEQUENCE"]) + 1
    assert after[uid].decoded("DTSTART") == before[uid].decoded("DTSTART") + timedelta(days=1)


def test_a_new_address_replaces_the_old_one_at_once(client, case):
    sign_in(client, case.aarhus.contact_email)
    old = subscribe(client, case.aarhus)
    new = subscribe(client, case.aarhus)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert PlanFeed.objects.count() == 1


def test_each_person_has_their_own_address(client, case):
    colleague = CasePersonFactory(registration=case.aarhus, email="kollega@aarhus.example.dk")
    sign_in(client, case.aarhus.contact_email)
    contacts = subscribe(client, case.aarhus)
    client.logout()
    sign_in(client, colleague.email)
    own = subscribe(client, case.aarhus)
    assert own != contacts
    assert client.get(contacts).status_code == 200  # the colleague's new address revoked nobody else's


def test_a_removed_persons_address_stops_and_does_not_come_back_with_a_new_invitation(client, case):
    sign_in(client, case.aarhus.contact_email)
    contact = person(case.aarhus, case.aarhus.contact_email)
    colleague = services.invite(contact, "Kim Kollega", "kim@aarhus.example.dk")
    client.logout()
    sign_in(client, "kim@aarhus.example.dk")
    kims = subscribe(client, case.aarhus)
    services.remove(contact, colleague)
    assert client.get(kims).status_code == 404
    assert not PlanFeed.objects.filter(person=colleague).exists()
    services.invite(contact, "Kim Kollega", "kim@aarhus.example.dk")
    assert client.get(kims).status_code == 404
    sign_in(client, "kim@aarhus.example.dk")
    assert client.get(subscribe(client, case.aarhus)).status_code == 200


def test_an_ended_case_and_a_deactivated_account_stop_their_addresses(client, case):
    sign_in(client, case.aarhus.contact_email)
    path = subscribe(client, case.aarhus)
    contact = person(case.aarhus, case.aarhus.contact_email)
    contact.user.is_active = False
    contact.user.save()
    assert client.get(path).status_code == 404
    assert not PlanFeed.objects.exists()  # for good: reactivated, the person makes a new address
    contact.user.is_active = True
    contact.user.save()
    sign_in(client, case.aarhus.contact_email)
    path = subscribe(client, case.aarhus)
    registration_services.withdraw(case.aarhus)
    assert client.get(path).status_code == 404


def test_an_account_that_became_staff_gets_no_calendar(client, case):
    sign_in(client, case.aarhus.contact_email)
    path = subscribe(client, case.aarhus)
    account = person(case.aarhus, case.aarhus.contact_email).user
    account.groups.add(Group.objects.get(name=Role.ADVISER))
    assert client.get(path).status_code == 404


def test_another_cases_people_neither_see_nor_make_its_calendar(client, case):
    odense = CasePersonFactory(registration=case.odense, email="kollega@odense.example.dk")
    sign_in(client, odense.email)
    assert client.post(f"{plan_url(case.aarhus)}kalender/").status_code == 404
    assert not PlanFeed.objects.filter(person__registration=case.aarhus).exists()
    found, _calendar = events(client, subscribe(client, case.odense))
    assert found and all(f"-{case.aarhus.course.pk}" not in uid and f"registration-{case.aarhus.pk}-" not in uid
                         for uid in found)
    assert not any(uid.startswith("workshop-") for uid in found)  # Aarhus's workshop is not Odense's


def test_tampered_and_foreign_tokens_open_nothing(client, case):
    sign_in(client, case.aarhus.contact_email)
    path = subscribe(client, case.aarhus)
    token = path.removeprefix("/forloeb/jeres/kalender/").removesuffix(".ics")
    changed = token[:-1] + ("A" if token[-1] != "A" else "B")
    staff_feed = CalendarFeed.objects.create(user=case.adviser)
    for guess in (changed, token[:12], token + "x", token.upper() if token.upper() != token else token.lower(),
                  staff_feed.token, "%00", "x" * 300):
        assert client.get(f"/forloeb/jeres/kalender/{guess}.ics").status_code == 404, guess
    assert client.get(f"/medarbejderkalender/{token}.ics").status_code == 404  # a plan's address is no staff feed
    assert client.post(path).status_code == 405
    assert client.get(path).status_code == 200


def test_head_answers_like_get_and_an_unchanged_calendar_is_not_sent_again(client, case):
    sign_in(client, case.aarhus.contact_email)
    path = subscribe(client, case.aarhus)
    client.logout()  # a calendar program has no session
    got, head = client.get(path), client.head(path)
    assert head.status_code == 200 and head.content == b""
    for header in ("Content-Type", "ETag", "Cache-Control"):
        assert head[header] == got[header], header
    assert got["Cache-Control"] == "private, no-store"
    assert client.get(path, headers={"If-None-Match": got["ETag"]}).status_code == 304
    Workshop.objects.create(course=case.aarhus.course, audience=Audience.STAFF, place="Lokale 4",
                            starts_at=timezone.now() + timedelta(days=50))
    changed = client.get(path, headers={"If-None-Match": got["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != got["ETag"]


def test_a_course_closed_early_shows_the_workshop_it_left_ahead_as_cancelled_until_its_day_has_passed(client, case):
    course = case.aarhus.course
    ahead = Workshop.objects.create(course=course, audience=Audience.PEERS, place="Lokale 9",
                                    starts_at=timezone.now() + timedelta(days=60))
    sign_in(client, case.aarhus.contact_email)
    path = subscribe(client, case.aarhus)
    course_services.close(course)
    found, _calendar = events(client, path)
    cancelled = found[f"workshop-{ahead.pk}"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    label = _("Workshop: %(audience)s") % {"audience": Audience.PEERS.label}
    assert str(cancelled["SUMMARY"]) == _("Cancelled: %(what)s") % {"what": label}
    assert "STATUS" not in found[f"opstart-{course.pk}"]  # held before the course closed
    with time_machine.travel(ahead.ends_at + timedelta(hours=1), tick=False):
        found, _calendar = events(client, path)
    assert f"workshop-{ahead.pk}" not in found


def test_the_feed_asks_as_many_questions_for_a_full_course_as_for_a_bare_one(client, case):
    sign_in(client, case.aarhus.contact_email)
    path = subscribe(client, case.aarhus)
    client.logout()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    bare = queries()
    course = case.aarhus.course
    for n in range(4):
        Workshop.objects.create(course=course, audience=Audience.STAFF, place=f"Lokale {n}",
                                starts_at=timezone.now() + timedelta(days=30 + n))
        GuidanceSession.objects.create(course=course, number=n + 1, place="Online",
                                       starts_at=timezone.now() + timedelta(days=40 + n))
    course_services.enrol(course, CompetenceModule.objects.filter(programme=case.aarhus.programme), ["Sofie", "Jens"])
    found, _calendar = events(client, path)
    assert len(found) == 5 + 4 + 4 + 2  # kickoff, workshop, three days; the new workshops, sessions and modules
    assert queries() == bare
    # the address with its person and case, staff or not (2), workshops, sessions, evaluations (a deadline met),
    # enrolments with their modules
    assert bare <= 7


def test_the_address_is_redacted_from_the_logs(client, case):
    sign_in(client, case.aarhus.contact_email)
    path = subscribe(client, case.aarhus)
    assert redact_path(f'"GET {path} HTTP/1.1" 200') == '"GET /forloeb/jeres/kalender/[redacted] HTTP/1.1" 200'


def test_a_case_not_yet_accepted_has_an_empty_calendar_until_it_is(client, case):
    """A contact person may subscribe from the start; the course's dates arrive with the seat."""
    case.aarhus.status, case.aarhus.seat = Registration.Status.SUBMITTED, Registration.Seat.NONE
    case.aarhus.save(update_fields=["status", "seat"])
    sign_in(client, case.aarhus.contact_email)
    found, _calendar = events(client, subscribe(client, case.aarhus))
    assert found == {}
