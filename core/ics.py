"""Calendar files (.ics) for meetings and course dates, built with the icalendar package."""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from icalendar import Calendar, Event


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    start: datetime | date
    end: datetime | date
    description: str = ""
    url: str = ""


def calendar(*events):
    """Return the bytes of a calendar holding `events` (aware datetimes, or dates for all-day events)."""
    cal = Calendar()
    cal.add("prodid", "-//Peer-raadgivning//DA")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    host = settings.WAGTAILADMIN_BASE_URL.split("//")[-1].split("/")[0].split(":")[0]
    for item in events:
        event = Event()
        event.add("uid", f"{item.uid}@{host}")
        event.add("summary", item.summary)
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add("dtstamp", datetime.now().astimezone())
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        cal.add_component(event)
    return cal.to_ical()
