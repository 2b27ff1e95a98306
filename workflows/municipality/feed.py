"""The plan as a calendar subscription: every dated event of a case's course in the calendar program of each of its
people, kept up to date by the program itself.

Each current person of a case makes their own address on the plan page (`subscribe`) and makes a new one whenever
the old one has gone astray: the old one stops answering at once. A calendar program fetches the address now and then
without signing in (`feed`), so its token is the only key (`PlanFeed`, a `core.ics.Subscription`: long, random,
compared in constant time, redacted from the logs like the sign-in link, core.logs). It answers 404 as soon as its
person is no longer current, their account is deactivated, or the case has ended (declined or withdrawn).

What the calendar holds (`events`) is the journey's dated events as `course.lifecycle.dated_events` declares them,
past dates included, since a subscribed calendar shows what the feed holds and nothing else: the kickoff, the
development workshops and the booked guidance sessions as appointments, with the UIDs their invitations carried so
that calendar programs update one entry; the competence modules the course's participants are enrolled in; the
midway status and the final evaluation as deadlines ("Deadline: ..."), all-day and transparent because they are no
meetings; and the course's end. Each event says what is expected before it. An appointment that a course closed
early left ahead is listed as cancelled until its time has passed."""

from datetime import timedelta

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core import ics
from core.links import absolute

from .. import permissions
from ..course import lifecycle
from .auth import person_required
from .models import CasePerson, PlanFeed


def _describe(*parts, plan):
    return "\n\n".join([*filter(None, parts), _("Your plan: %(url)s") % {"url": plan}])


def events(registration, now=None):
    """The calendar events of the case's course (`core.ics.CalendarEvent`s): its dated events as
    `course.lifecycle.dated_events` declares them, in their order. Appointments keep the UIDs and sequences their
    invitations carried; deadlines and days are all day and transparent, a deadline called one ("Deadline: ...");
    an appointment that will not be held is listed as cancelled until its time has passed. Reads what
    `dated_events` reads (prefetched here when not already)."""
    now = now or timezone.now()
    prefetch_related_objects([registration], *lifecycle.dated_events_prefetch())
    plan = absolute(reverse("workflows:municipality_plan", args=[registration.pk]))
    found = []
    for event in lifecycle.dated_events(registration):
        if not event.is_appointment:
            found.append(ics.CalendarEvent(
                uid=event.uid, summary=event.title, start=event.starts_at, end=event.last_day + timedelta(days=1),
                description=_describe(event.expected, plan=plan), url=plan, transparent=True))
        elif not (event.cancelled and event.ends_at <= now):
            found.append(ics.CalendarEvent(
                uid=event.uid, summary=event.title, start=event.starts_at, end=event.ends_at,
                location=event.place or event.url, url=event.url or plan, sequence=event.sequence,
                description=_describe(event.expected, _("Video link: %(url)s") % {"url": event.url} if event.url
                                      else "", plan=plan),
                cancelled=event.cancelled))
    return found


def calendar_name(registration):
    return _("Course plan: %(municipality)s") % {"municipality": registration.municipality.name}


def _answering(token):
    """The subscription the address names, while it may answer: its person is current and not staff, and the case
    has not ended. Otherwise None. (Removing a person or deactivating their account deletes it for good.)"""
    subscription = PlanFeed.find(token, PlanFeed.objects.filter(person__in=CasePerson.objects.current()).select_related(
        "person__user", "person__registration__municipality", "person__registration__cohort",
        "person__registration__programme", "person__registration__course"))
    if subscription is None:
        return None
    person = subscription.person
    if not permissions.may_take_part(person.user, person) or not person.registration.is_active:
        return None
    return subscription


@require_safe
def feed(request, token):
    """The calendar file behind a person's address, for a calendar program (GET or HEAD, no sign-in)."""
    subscription = _answering(token)
    if subscription is None:
        raise Http404
    registration = subscription.person.registration
    return ics.feed_response(request, events(registration), name=calendar_name(registration))


@require_POST
@person_required
def subscribe(request, person):
    """Make the person's address, or a new one in place of the old, which stops answering at once."""
    subscription, created = PlanFeed.objects.get_or_create(person=person)
    if created:
        messages.success(request, _("Your calendar address is ready. Add it to your calendar program as described "
                                    "below."))
    else:
        subscription.renew()
        messages.success(request, _("Your calendar has a new address; the old one no longer works. Add the new one "
                                    "to your calendar program."))
    return redirect(reverse("workflows:municipality_plan", args=[person.registration_id]) + "#kalender")
