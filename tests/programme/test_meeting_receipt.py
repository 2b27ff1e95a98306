"""The receipt after signing up for an information meeting, on the page and in the email: a calendar file behind
the sign-up's own signed link (never guessable for another person's sign-up), and the next step: how and by when the
municipality registers for the course."""

import html as html_lib
import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import signing
from django.utils.translation import gettext, override
from icalendar import Calendar

from devtools.factories.workflows import CohortFactory, InformationMeetingFactory, local, municipality
from tests.support.programme import ics_events, links_in, only_email_to, path_of
from workflows.meetings import links
from workflows.models import MeetingSignup

pytestmark = pytest.mark.django_db

STARTS = local(date(2026, 12, 10), 14, 30)  # 13:30 UTC
BEFORE = STARTS - timedelta(days=3)


def sign_up(client, meeting, email="mette@kommune.example.dk"):
    data = {"name": "Mette Hansen", "email": email, "municipality": municipality("aarhus").pk, "role": "Leder"}
    return client.post(f"/forloeb/moeder/{meeting.pk}/tilmeld/", data, follow=True)


@pytest.fixture
def meeting():
    meeting = InformationMeetingFactory(starts_at=STARTS, meeting_url="https://meet.example.dk/peer-info")
    CohortFactory(programme=meeting.programme, label="Januar 2027", starts_on=date(2027, 1, 4),
                  registration_opens=local(date(2026, 9, 1), 0), registration_closes=local(date(2026, 12, 15), 12))
    return meeting


def signup_of(calendar_url):
    """The sign-up a calendar link names (its token is the sign-up's signed link, with a timestamp of its own)."""
    return links.signup_from_token(path_of(calendar_url).split("/")[-2])


def calendar_event(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == 'attachment; filename="informationsmoede.ics"'
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    return event


def test_the_receipt_offers_the_calendar_file_and_the_next_step(client, meeting, django_capture_on_commit_callbacks):
    with time_machine.travel(BEFORE, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            response = sign_up(client, meeting)
        page = html_lib.unescape(response.content.decode())
        with override("da"):
            assert gettext("Add to calendar") in page and gettext("What happens next") in page
        assert "Januar 2027" in page and "15. december 2026" in page  # the next cohort and its deadline
        assert f'href="/forloeb/{meeting.programme.slug}/tilmelding/"' in page
        signup = MeetingSignup.objects.get()
        calendar_url = re.search(r'<a class="button" href="([^"]+)" download>', page).group(1)
        assert signup_of(calendar_url) == signup.pk
        event = calendar_event(client.get(path_of(calendar_url)))
    # The same entry as the email's attachment, so a calendar that has both keeps one.
    [attached] = ics_events(only_email_to("mette@kommune.example.dk"))
    assert event["uid"] == attached["uid"] and event["sequence"] == attached["sequence"]
    assert event.decoded("dtstart").astimezone(UTC) == datetime(2026, 12, 10, 13, 30, tzinfo=UTC)
    assert "https://meet.example.dk/peer-info" in str(event["location"])


def test_the_confirmation_email_links_the_calendar_file_and_the_registration(
        client, meeting, django_capture_on_commit_callbacks):
    with time_machine.travel(BEFORE, tick=False), django_capture_on_commit_callbacks(execute=True):
        sign_up(client, meeting)
    message = only_email_to("mette@kommune.example.dk")
    urls = links_in(message.body)
    calendar_url = next(url for url in urls if url.endswith(".ics"))
    assert signup_of(calendar_url) == MeetingSignup.objects.get().pk
    assert any(url.endswith(f"/forloeb/{meeting.programme.slug}/tilmelding/") for url in urls)
    assert "Næste skridt" in message.body
    assert calendar_event(client.get(path_of(calendar_url)))["summary"].startswith("Informationsmøde")


def test_the_calendar_link_cannot_be_guessed_or_reused_after_cancelling(client, meeting):
    with time_machine.travel(BEFORE, tick=False):
        sign_up(client, meeting, email="a@example.dk")
        sign_up(client, meeting, email="b@example.dk")
    first, second = MeetingSignup.objects.order_by("pk")
    own = path_of(links.calendar_url(first))
    assert client.get(own).status_code == 200
    token = own.split("/")[-2]
    for guess in (
        own.replace(token, str(second.pk)),  # a number
        own.replace(token, signing.dumps(second.pk)),  # signed, but not with the link's salt
        own.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B")),  # tampered
    ):
        response = client.get(guess)
        assert response.status_code == 404 and b"meet.example.dk" not in response.content, guess
    client.post(path_of(links.cancel_url(first)))
    assert client.get(own).status_code == 404  # a cancelled sign-up's file is gone with it
