"""The plan as a calendar subscription: every dated event of a case's course in the calendar program of each of its
people, kept up to date by the program itself.

Each current person of a case makes their own address on the plan page (`subscribe`) and makes a new one whenever
the old one has gone astray: the old one stops answering at once. A calendar program fetches the address now and then
without signing in (`feed`), so its token is the only key (`PlanFeed`, a `core.ics.Subscription`: long, random,
compared in constant time, redacted from the logs like the sign-in link, core.logs). It answers 404 as soon as its
person is no longer current, their account is deactivated, or the case has ended (declined or withdrawn).

What the calendar holds (`events`) follows the journey of `course.lifecycle`, past dates included, since a subscribed
calendar shows what the feed holds and nothing else: the kickoff, the development workshops and the booked guidance
sessions as appointments, with the UIDs their invitations carried so that calendar programs update one entry; the
competence modules the course's participants are enrolled in; the midway status and the final evaluation as
deadlines ("Deadline: ..."), all-day and transparent because they are no meetings; and the course's end. Each event
says what is expected before it. An appointment that a course closed early left ahead is listed as cancelled until
its time has passed."""

from datetime import datetime, time, timedelta

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
from ..course.models import CompetenceModule
from .auth import person_required
from .models import CasePerson, PlanFeed

# The phases in which a case has a course to show; a case not yet accepted has an empty calendar until it is.
WITH_COURSE = (lifecycle.Phase.ACCEPTED, lifecycle.Phase.IN_COURSE, lifecycle.Phase.COMPLETED)


def _expected():
    """What the municipality does before each kind of event, as the event's description says it."""
    return {
        "kickoff": _("The kickoff starts your course together with your lead adviser. Before it: decide who from "
                     "management, staff and peers takes part, and think about what you want to achieve by "
                     "involving peers."),
        "workshop": _("A development workshop with your lead adviser. Before it: invite the people of your "
                      "organisation who should take part. The agenda is sent to you two days before."),
        "guidance": _("Ongoing guidance with your lead adviser. Before it: note what you want to talk about: "
                      "how far you have come, your questions and your challenges since the last session."),
        "midway": _("Nine months into the course you and your lead adviser take stock: how far you have come "
                    "towards your goals, how many peers are involved, what has been achieved, the challenges and "
                    "the next steps. Before it: gather what you know about each of these."),
        "final": _("At the end of the course you and your lead adviser evaluate it: how far you came towards your "
                   "goals, how many peers are involved, what was achieved, the challenges and the next steps. "
                   "Before it: gather what you know about each of these."),
        "module": _("Competence development for the participants you have enrolled."),
        "mandatory": _("Mandatory modules must be completed within a year of the course's start."),
        "end": _("The last day of your course."),
    }


def _describe(*parts, plan):
    return "\n\n".join([*filter(None, parts), _("Your plan: %(url)s") % {"url": plan}])


def events(registration, now=None):
    """The calendar events of the case's course, in the order of the journey (`core.ics.CalendarEvent`s). Reads the
    course's workshops and guidance sessions (prefetched here when not already) and the modules it enrols in."""
    if registration.phase not in WITH_COURSE:
        return []
    now = now or timezone.now()
    expected = _expected()
    plan = absolute(reverse("workflows:municipality_plan", args=[registration.pk]))
    course = getattr(registration, "course", None)

    def day(key, summary, on, description, last=None):
        """An all-day event (the last day `last` for one of several days): no meeting, so transparent."""
        return ics.CalendarEvent(
            uid=f"registration-{registration.pk}-{key}", summary=summary, start=on,
            end=(last or on) + timedelta(days=1), description=_describe(description, plan=plan), url=plan,
            transparent=True)

    def deadline(key, label, on, description):
        return day(key, _("Deadline: %(what)s") % {"what": label}, on, description)

    def appointment(uid, label, starts_at, ends_at, place, link, sequence, description):
        # Held after the course closed: never held. Listed as cancelled while it is ahead, then no more.
        cancelled = course.closed_at is not None and starts_at > course.closed_at
        if cancelled and ends_at <= now:
            return None
        return ics.CalendarEvent(
            uid=uid, summary=_("Cancelled: %(what)s") % {"what": label} if cancelled else label,
            start=starts_at, end=ends_at, location=place or link, url=link or plan, sequence=sequence,
            description=_describe(description, _("Video link: %(url)s") % {"url": link} if link else "", plan=plan),
            cancelled=cancelled)

    found = []
    if course is not None and course.kickoff_at:
        found.append(appointment(
            f"opstart-{course.pk}", _("Kickoff"), course.kickoff_at, course.kickoff_at + lifecycle.KICKOFF_LENGTH,
            course.kickoff_place, course.kickoff_url, course.calendar_sequence, expected["kickoff"]))
    else:
        found.append(day("opstart", _("Kickoff (expected)"), registration.cohort.starts_on, expected["kickoff"]))
    if course is not None:
        prefetch_related_objects([course], "workshops", "guidance_sessions")
        found += [appointment(
            f"workshop-{workshop.pk}", _("Workshop: %(audience)s") % {"audience": workshop.get_audience_display()},
            workshop.starts_at, workshop.ends_at, workshop.place, "", workshop.calendar_sequence,
            "\n\n".join(filter(None, [expected["workshop"], workshop.agenda])))
            for workshop in course.workshops.all()]
        found += [appointment(
            f"vejledning-{session.pk}", _("Guidance session %(number)s") % {"number": session.number},
            session.starts_at, session.ends_at, session.place, session.meeting_url, session.calendar_sequence,
            expected["guidance"])
            for session in course.guidance_sessions.all() if session.starts_at]
        found += [day(f"kompetencemodul-{module.pk}", _("Competence module: %(title)s") % {"title": module.title},
                      module.starts_on, last=module.ends_on, description=" ".join(
                          [expected["module"], *([expected["mandatory"]] if module.mandatory else [])]))
                  for module in CompetenceModule.objects.filter(enrolments__course=course).distinct()]
    found += [
        deadline("midtvejsstatus", _("Midway status"), lifecycle.midway_on(registration), expected["midway"]),
        deadline("slutevaluering", _("Final evaluation"), lifecycle.final_evaluation_on(registration),
                 expected["final"]),
        day("afslutning", _("Course ends"), lifecycle.course_end(registration), expected["end"]),
    ]
    return sorted(filter(None, found), key=_begins)


def _begins(event):
    """When an event begins; an all-day one at the start of its day."""
    start = event.start
    return start if isinstance(start, datetime) else timezone.make_aware(datetime.combine(start, time.min))


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
