"""The coordinators' overview: seats per cohort, the cases by phase, overdue tasks per colleague, courses whose
competence development is at risk, municipalities behind with their own tasks and the information meetings'
attendance. Each figure is a bar that links to the filtered list behind it; the same figures download as CSV or
XLSX. Below them, how useful the participants found each type of workshop, linked to the evaluations' own page
(anonymous answers, each shown only among enough others: not in the export of case figures)."""

from datetime import timedelta

from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from viewflow.workflow.models import Task
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.exports import spreadsheet_response

from .. import permissions
from ..course import feedback, lifecycle
from ..course.models import Course
from ..meetings.models import InformationMeeting
from ..municipality import tasks as municipality_tasks
from ..outcomes.results import MINIMUM_GROUP
from ..programme.models import Programme, Region
from ..registration.models import Registration
from ..registration.seats import seat_facts
from .access import Access
from .charts import Bar, Chart
from .queries import attach_cases, human_steps

MEETINGS_LOOKBACK = timedelta(days=180)


def _url(name, **query):
    return f"{reverse(name)}?{urlencode(query)}" if query else reverse(name)


def _name(user_fields):
    first, last, username = user_fields
    return " ".join(filter(None, [first, last])) or username


def _seat_facts(now):
    """Per programme, its seat facts for the cohorts that have not ended."""
    today = timezone.localdate(now)
    for programme in Programme.objects.prefetch_related("cohorts"):
        yield programme, seat_facts(programme, now, cohorts=[
            cohort for cohort in programme.cohorts.all() if cohort.ends_on >= today])


def _cohort_note(facts):
    if facts.shares_programme_seats:
        return _("no cap of its own, shares the programme's free seats; %(waiting)s waiting") % {
            "waiting": facts.waiting}
    return _("of %(capacity)s, %(free)s free, %(waiting)s waiting") % {
        "capacity": facts.cohort.capacity, "free": facts.free, "waiting": facts.waiting}


def seats_chart(now):
    """Seats taken in each programme (its capacity binds all its cohorts together) and in each cohort that has not
    ended (its own cap, if it has one). Each bar is drawn against its capacity, so a full cohort is a full bar."""
    bars = []
    for programme, facts in _seat_facts(now):
        bars.append(Bar(_("%(programme)s, all cohorts") % {"programme": programme}, facts.taken,
                        _url("staff_cases:index"), _("of %(capacity)s, %(free)s free, %(waiting)s waiting") % {
                            "capacity": facts.capacity, "free": facts.free, "waiting": facts.waiting},
                        out_of=facts.capacity or None))
        bars += [Bar(str(cohort.cohort), cohort.taken, _url("staff_cases:index", cohort=cohort.cohort.pk),
                     _cohort_note(cohort),
                     out_of=(facts.capacity if cohort.shares_programme_seats else cohort.cohort.capacity) or None)
                 for cohort in facts.cohorts]
    return Chart("seats", _("Seats taken"),
                 _("The programme's seats are shared by all its cohorts: a cohort never has more free seats than the "
                   "programme has left. Free seats are counted while registration is open."),
                 bars, _("No cohorts yet."))


def phases_chart():
    counts = dict(Registration.objects.annotate(phase=lifecycle.phase_expression()).values_list("phase")
                  .annotate(n=Count("pk")).order_by())
    bars = [Bar(label, counts.get(value, 0), _url("staff_cases:index", status=value))
            for value, label in lifecycle.Phase.choices]
    return Chart("phases", _("Cases by phase"),
                 _("How many municipalities are at each point of the journey. A municipality that registered when "
                   "its cohort was full is on the waiting list at once, but counts as awaiting screening until it "
                   "has been screened."), bars)


def regions_chart():
    counts = dict(Registration.objects.exclude(status=Registration.Status.WITHDRAWN)
                  .values_list("municipality__region").annotate(n=Count("pk")))
    bars = [Bar(label, counts.get(value, 0), _url("staff_cases:index", region=value))
            for value, label in Region.choices]
    return Chart("regions", _("Registrations by region"), _("Registrations that have not been withdrawn."), bars)


def overdue_chart(now):
    rows = (Task.objects.filter(flow_task__in=human_steps(), finished__isnull=True, deadline__due_at__lt=now)
            .values("owner", "owner__first_name", "owner__last_name", "owner__username").annotate(n=Count("pk"))
            .order_by("-n"))
    bars = [Bar(_name((row["owner__first_name"], row["owner__last_name"], row["owner__username"]))
                if row["owner"] else _("Not assigned"), row["n"],
                _url("staff_tasks:all", owner=row["owner"] or "null", overdue="on")) for row in rows]
    return Chart("overdue", _("Overdue tasks per colleague"), _("Open tasks past their due date, by who holds them."),
                 bars, _("No task is overdue."))


def attendance_chart(now):
    meetings = InformationMeeting.objects.filter(starts_at__lt=now, starts_at__gt=now - MEETINGS_LOOKBACK).annotate(
        signed_up=Count("signups", filter=Q(signups__cancelled_at__isnull=True)),
        attended=Count("signups", filter=Q(signups__attended=True)),
    ).order_by("-starts_at")
    bars = [Bar(str(meeting), meeting.attended, f"{reverse('meetingsignup:index')}?meeting={meeting.pk}",
                _("of %(count)s signed up") % {"count": meeting.signed_up}) for meeting in meetings]
    return Chart("attendance", _("Information meetings: attendance"),
                 _("Who took part in the meetings of the last six months."), bars, _("No meetings in the period."))


def workshop_feedback_chart():
    """Per workshop type, the share of the participants' evaluations that found the workshop useful (4 or 5), each
    bar a link to that type on the evaluations' page; a type with fewer than `MINIMUM_GROUP` answers gets no bar,
    and the description names it."""
    url = reverse("staff_workshop_feedback")
    found = feedback.results()
    bars = [Bar(result.label, result.statement("useful").agreeing, f"{url}#{result.audience}",
                _("per cent of %(count)s answers") % {"count": result.n}, out_of=100)
            for result in found if result.shown]
    hidden = [str(result.label).lower() for result in found if not result.shown]
    description = _("The share of the participants' anonymous evaluations that agree (4 or 5) that the workshop "
                    "was useful for their work.")
    if hidden and bars:  # with no bar at all, the empty text says it
        description += " " + _("Not shown, fewer than %(minimum)s answers: %(types)s.") % {
            "minimum": MINIMUM_GROUP, "types": ", ".join(hidden)}
    return Chart("workshop-feedback", _("Workshop evaluations"), description, bars,
                 _("No type of workshop has enough answers yet."))


def charts(now=None):
    now = now or timezone.now()
    return [seats_chart(now), phases_chart(), regions_chart(), attendance_chart(now), overdue_chart(now)]


class OverviewView(Access, WagtailAdminTemplateMixin, TemplateView):
    allowed = staticmethod(permissions.is_coordinator)
    template_name = "workflows/staff/overview.html"
    page_title = gettext_lazy("Overview")
    header_icon = "view"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        at_risk = Course.objects.at_risk().select_related("registration__municipality", "registration__lead_adviser")
        return super().get_context_data(charts=charts(), feedback_chart=workshop_feedback_chart(), at_risk=at_risk,
                                         at_risk_url=_url("staff_cases:index", at_risk="on"),
                                         behind=attach_cases(municipality_tasks.overdue()), **kwargs)


def _table(now=None):
    """The overview as rows: the seats as a table of their own, then each chart's figures."""
    now = now or timezone.now()
    rows = [[_("Cohort"), _("Seats taken"), _("Cap"), _("Seats left"), _("Waiting list")]]
    for programme, facts in _seat_facts(now):
        rows.append([_("%(programme)s, all cohorts") % {"programme": programme}, facts.taken, facts.capacity,
                     facts.free, facts.waiting])
        rows += [[str(cohort.cohort), cohort.taken, "" if cohort.shares_programme_seats else cohort.cohort.capacity,
                  cohort.free, cohort.waiting]
                 for cohort in facts.cohorts]
    for chart in charts(now)[1:]:
        rows += [[], [chart.title, _("Number")], *[[bar.label, bar.value] for bar in chart.bars]]
    return rows


class OverviewExportView(Access, TemplateView):
    allowed = staticmethod(permissions.is_coordinator)

    def get(self, request, fmt):
        response = spreadsheet_response(_table(), f"overblik-{timezone.localdate():%Y-%m-%d}", fmt)
        if response is None:
            raise Http404
        return response
