"""Calendar files (.ics), one policy for every one the product writes: the information meeting, the kickoff, the
course's start and end, the workshops, and the staff's personal feed.

- Times are written in UTC (`DTSTART:20270104T090000Z`), which every client reads alike without a VTIMEZONE;
  all-day dates stay dates.
- Every event has an ORGANIZER (the sender address; RFC 5546 requires it for METHOD:PUBLISH and CANCEL), its
  LOCATION (a place, or the online meeting's address) and a URL where there is one, and a SEQUENCE that the source
  raises each time its time or place changes, so calendars replace the old entry instead of adding a second one.
- When a sign-up or a registration is cancelled, the same UID goes out again with METHOD:CANCEL, STATUS:CANCELLED,
  a higher SEQUENCE and the recipient as ATTENDEE, so the entry leaves the recipient's calendar.
- In an email the file is a `text/calendar; method=...` part, base64-encoded so its CRLF line endings survive
  storage and transport (`attachment()`; `core.email` sends it as it is).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

PUBLISH, CANCEL = "PUBLISH", "CANCEL"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    start: datetime | date
    end: datetime | date
    description: str = ""
    url: str = ""
    location: str = ""
    sequence: int = 0


def _host():
    return settings.WAGTAILADMIN_BASE_URL.split("//")[-1].split("/")[0].split(":")[0]


def _moment(value):
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def _organizer():
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = vText(name or address)
    return organizer


def calendar(*events, method=PUBLISH, attendee=""):
    """The bytes of a calendar holding `events` (aware datetimes, or dates for all-day events). With
    method=CANCEL, `attendee` is the address whose calendar the events leave."""
    cal = Calendar()
    cal.add("prodid", "-//Peer-raadgivning//DA")
    cal.add("version", "2.0")
    cal.add("method", method)
    now = timezone.now().astimezone(UTC)
    for item in events:
        event = Event()
        event.add("uid", f"{item.uid}@{_host()}")
        event.add("dtstamp", now)
        event.add("dtstart", _moment(item.start))
        event.add("dtend", _moment(item.end))
        event.add("summary", item.summary)
        event.add("organizer", _organizer())
        event.add("sequence", item.sequence + (1 if method == CANCEL else 0))
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        if method == CANCEL:
            event.add("status", "CANCELLED")
            if attendee:
                event.add("attendee", vCalAddress(f"mailto:{attendee}"))
        cal.add_component(event)
    return cal.to_ical()


def content_type(method=PUBLISH):
    return f"text/calendar; method={method}; charset=utf-8"
