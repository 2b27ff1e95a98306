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
- A day or a deadline is TRANSPARENT (it does not make anyone busy); an event called off but still listed in a
  subscribed calendar carries STATUS:CANCELLED.
- A subscribed calendar (`Subscription`: the staff's agenda, a municipality's plan) is fetched by a calendar program
  without signing in, by a secret address; `feed_response` answers it, with an ETag for conditional requests.
"""

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
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
    transparent: bool = False  # a day or a deadline, not a meeting: it leaves the time free
    cancelled: bool = False  # called off, still listed in a subscribed calendar so that it shows as cancelled


def _host():
    return settings.WAGTAILADMIN_BASE_URL.split("//")[-1].split("/")[0].split(":")[0]


def _moment(value):
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def _organizer():
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = vText(name or address)
    return organizer


def calendar(*events, method=PUBLISH, attendee="", name=""):
    """The bytes of a calendar holding `events` (aware datetimes, or dates for all-day events). With
    method=CANCEL, `attendee` is the address whose calendar the events leave. `name`: a subscribed calendar's name
    in the calendar program, which is also told how often to fetch it again."""
    cal = Calendar()
    cal.add("prodid", "-//Peer-raadgivning//DA")
    cal.add("version", "2.0")
    cal.add("method", method)
    if name:
        cal.add("name", name)  # RFC 7986
        cal.add("x-wr-calname", name)  # Outlook's and Apple's older name for it
        cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", REFRESH)
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
        if item.transparent:
            event.add("transp", "TRANSPARENT")
        if method == CANCEL or item.cancelled:
            event.add("status", "CANCELLED")
        if method == CANCEL and attendee:
            event.add("attendee", vCalAddress(f"mailto:{attendee}"))
        cal.add_component(event)
    return cal.to_ical()


def content_type(method=PUBLISH):
    return f"text/calendar; method={method}; charset=utf-8"


# How often a subscribed calendar asks to be fetched again (most programs choose for themselves: Google about twice
# a day, Outlook every few hours).
REFRESH = timedelta(hours=6)
SELECTOR_LENGTH = 12
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")  # what `new_token` makes; anything else is no token of ours


def new_token():
    return secrets.token_urlsafe(32)


class Subscription(models.Model):
    """A subscribed calendar, reached by a secret address that its owner adds to a calendar program once. The token
    is the only key, so it is long and random; "make a new address" (`renew`) revokes the old one at once. The row is
    found by the token's first characters (`selector`) and the whole token is then compared in constant time
    (`find`), so how long an answer takes tells nothing about how close a guessed token came. Its owner sees the
    address again on their page, so the token itself is kept."""

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    selector = models.CharField(max_length=SELECTOR_LENGTH, db_index=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.selector = self.token[:SELECTOR_LENGTH]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "selector"}
        super().save(*args, **kwargs)

    def renew(self):
        self.token = new_token()
        self.save(update_fields=["token"])

    @classmethod
    def find(cls, token, queryset=None):
        """The subscription whose token is `token` among `queryset` (all by default), or None."""
        if not TOKEN_SHAPE.fullmatch(token):
            return None
        candidates = (cls._default_manager.all() if queryset is None else queryset).filter(
            selector=token[:SELECTOR_LENGTH])
        return next((row for row in candidates if constant_time_compare(row.token, token)), None)


def feed_response(request, events, name):
    """A subscribed calendar's answer (GET or HEAD). Its ETag is a digest of what the events say, not of the bytes,
    whose DTSTAMP changes on every request, so a program that asks again with If-None-Match gets a 304 while nothing
    has changed. Nothing stores it on the way (`no-store`): the address is a secret and the content is personal."""
    digest = hashlib.sha256(repr((name, events)).encode()).hexdigest()[:32]
    etag = f'W/"{digest}"'
    response = get_conditional_response(request, etag=etag) or HttpResponse(
        calendar(*events, name=name), content_type=content_type())
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-store"
    return response
