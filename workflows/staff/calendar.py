"""What is coming up: kickoffs, development workshops, booked guidance sessions and information meetings, as an
agenda in the admin (mine, or everyone's) and as a personal calendar subscription for Outlook.

Only appointments are events: things with a time that someone set. A task's due date is a deadline, not a meeting:
the page lists the deadlines ahead on their own (`deadlines`), and the feed leaves them out.

One function lists the events (`agenda`); the page groups them by day, the feed writes them as a calendar file.
The feed is reached without signing in, by its secret address (`CalendarFeed`), which its owner can replace at
any time; it holds only what staff need to plan (municipality, kind of meeting, time, place), never answers or
notes."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import groupby

from django.contrib import messages
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import TemplateView
from viewflow.workflow.models import Task
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core import ics
from core.links import absolute

from .. import permissions
from ..course.models import Course, GuidanceSession, Workshop
from ..meetings.models import InformationMeeting
from ..registration.models import Registration
from .access import Access, gate
from .models import CalendarFeed
from .queries import human_steps

HORIZON = timedelta(weeks=8)


@dataclass(frozen=True)
class Entry:
    uid: str
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    owner_id: int | None
    url: str  # the case, the task, or the meeting's sign-up list in the admin
    sequence: int = 0  # the source's calendar revision (core.ics)


def agenda(user=None, now=None, horizon=HORIZON):
    """Upcoming events, soonest first; `user`: only theirs (the lead adviser's cases, the meetings they host, the
    guidance sessions they hold)."""
    now = now or timezone.now()
    until = now + horizon
    courses = Course.objects.filter(kickoff_at__gt=now, kickoff_at__lt=until).select_related(
        "registration__municipality", "registration__lead_adviser")
    workshops = Workshop.objects.filter(starts_at__gt=now, starts_at__lt=until).select_related(
        "course__registration__municipality")
    meetings = InformationMeeting.objects.filter(starts_at__gt=now, starts_at__lt=until).select_related("programme")
    guidance = GuidanceSession.objects.filter(starts_at__gt=now, starts_at__lt=until).select_related(
        "course__registration__municipality")
    if user is not None:
        courses = courses.filter(registration__lead_adviser=user)
        workshops = workshops.filter(course__registration__lead_adviser=user)
        meetings = meetings.filter(host=user)
        guidance = guidance.filter(course__registration__lead_adviser=user)
    entries = [
        Entry(f"opstart-{course.pk}", "kickoff", _("Kickoff: %(municipality)s") % {
            "municipality": course.registration.municipality}, course.kickoff_at, course.kickoff_at + timedelta(
            hours=3), course.kickoff_place or course.kickoff_url, course.registration.lead_adviser_id,
            reverse("staff_case", args=[course.registration_id]), course.calendar_sequence)
        for course in courses
    ] + [
        Entry(f"workshop-{workshop.pk}", "workshop", _("Workshop (%(audience)s): %(municipality)s") % {
            "audience": workshop.get_audience_display().lower(),
            "municipality": workshop.course.registration.municipality},
            workshop.starts_at, workshop.ends_at, workshop.place, workshop.course.registration.lead_adviser_id,
            reverse("staff_case", args=[workshop.course.registration_id]), workshop.calendar_sequence)
        for workshop in workshops
    ] + [
        Entry(f"informationsmoede-{meeting.pk}", "meeting", _("Information meeting"), meeting.starts_at,
              meeting.ends_at, meeting.meeting_url, meeting.host_id,
              f"{reverse('meetingsignup:index')}?meeting={meeting.pk}", meeting.calendar_sequence)
        for meeting in meetings
    ] + [
        Entry(f"vejledning-{session.pk}", "guidance", _("Guidance session: %(municipality)s") % {
            "municipality": session.course.registration.municipality}, session.starts_at, session.ends_at,
            session.place or session.meeting_url, session.course.registration.lead_adviser_id,
            reverse("staff_case", args=[session.course.registration_id]), session.calendar_sequence)
        for session in guidance
    ]
    return sorted(entries, key=lambda entry: entry.starts_at)


@dataclass(frozen=True)
class Deadline:
    title: str
    due_at: datetime
    url: str


def deadlines(user=None, now=None, horizon=HORIZON):
    """Open tasks of staff (not the municipality's) falling due before the horizon (overdue ones included),
    soonest first; `user`: only theirs."""
    now = now or timezone.now()
    tasks = Task.objects.filter(flow_task__in=human_steps(), finished__isnull=True, deadline__due_at__lt=now + horizon)
    if user is not None:
        tasks = tasks.filter(owner=user)
    tasks = tasks.select_related("deadline").order_by("deadline__due_at")
    cases = dict(Registration.objects.filter(processes__in=tasks.values("process_id")).annotate(
        process_pk=F("processes__pk")).values_list("process_pk", "municipality__name"))
    return [Deadline(f"{task.flow_task.task_title}: {cases.get(task.process_id, '')}".rstrip(": "),
                     task.deadline.due_at, reverse("staff_task", args=[task.pk])) for task in tasks]


class CalendarView(Access, WagtailAdminTemplateMixin, TemplateView):
    template_name = "workflows/staff/calendar.html"
    page_title = gettext_lazy("Calendar")
    header_icon = "date"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        everyone = self.request.GET.get("hvem") == "alle"
        entries = agenda(None if everyone else self.request.user)
        days = [(day, list(items)) for day, items in groupby(entries, key=lambda e: timezone.localdate(e.starts_at))]
        feed = CalendarFeed.objects.filter(user=self.request.user).first()
        return super().get_context_data(
            everyone=everyone, days=days, deadlines=deadlines(None if everyone else self.request.user),
            now=timezone.now(),
            feed_url=absolute(reverse("staff_calendar_feed", args=[feed.token])) if feed else None, **kwargs)


@require_POST
@gate(permissions.may_work_cases)
def renew_feed(request):
    """Create the subscription address, or replace it (the old one stops working at once)."""
    feed, created = CalendarFeed.objects.get_or_create(user=request.user)
    if not created:
        feed.renew()
        messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    else:
        messages.success(request, _("Your calendar address is ready. Add it to Outlook as an internet calendar."))
    return redirect("staff_calendar")


@require_safe
def feed(request, token):
    """The personal calendar file, for a calendar program that fetches it now and then (no sign-in)."""
    subscription = CalendarFeed.find(token, CalendarFeed.objects.select_related("user").filter(user__is_active=True))
    if subscription is None or not permissions.may_work_cases(subscription.user):
        raise Http404
    return ics.feed_response(request, [
        ics.CalendarEvent(uid=entry.uid, summary=entry.title, start=entry.starts_at, end=entry.ends_at,
                          location=entry.place, url=absolute(entry.url), sequence=entry.sequence)
        for entry in agenda(subscription.user, horizon=timedelta(days=365))
    ], name=_("Peer advice: my calendar"))
