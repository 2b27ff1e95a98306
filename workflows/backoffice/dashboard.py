"""The coordinators' dashboard: seats per cohort, municipalities per phase, overdue tasks per adviser and
registrations by region, as tables with plain HTML bars (no scripts), and the same figures as CSV or XLSX."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from core.exports import spreadsheet_response

from ..models import Cohort, Course, Region, Registration
from ..seats import TAKEN, seats_left
from .access import coordinator_required, render_backoffice
from .tasks import FLOWS


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    percent: int  # of the largest value in its chart, for the bar's width class


def bars(pairs):
    pairs = list(pairs)
    top = max([value for _label, value in pairs] + [1])
    return [Bar(str(label), value, round(value * 10 / top) * 10) for label, value in pairs]


def cohort_rows():
    rows = []
    for cohort in Cohort.objects.select_related("programme").annotate(
        taken=Count("registrations", filter=Q(registrations__seat__in=TAKEN)),
        waiting=Count("registrations", filter=Q(registrations__seat=Registration.Seat.WAITING)),
    ):
        rows.append((cohort, cohort.taken, seats_left(cohort.programme, cohort), cohort.waiting))
    return rows


def figures():
    """Every figure of the dashboard, as (title, [(label, value)]) sections; shared by the page and the exports."""
    counts = dict(Registration.objects.values_list("status").annotate(n=Count("pk")))
    phases = [(label, counts.get(value, 0)) for value, label in Registration.Status.choices]
    by_region = dict(Registration.objects.exclude(status=Registration.Status.WITHDRAWN)
                     .values_list("municipality__region").annotate(n=Count("pk")))
    regions = [(label, by_region.get(value, 0)) for value, label in Region.choices]
    overdue = (
        Task.objects.filter(process__flow_class__in=FLOWS, finished__isnull=True, deadline__due_at__lt=timezone.now())
        .values("owner__first_name", "owner__last_name", "owner__username").annotate(n=Count("pk"))
        .order_by("-n")
    )
    per_adviser = [
        (" ".join(filter(None, [row["owner__first_name"], row["owner__last_name"]])) or row["owner__username"]
         or _("Not assigned"), row["n"]) for row in overdue
    ]
    return [
        (_("Municipalities per phase"), phases),
        (_("Registrations by region"), regions),
        (_("Overdue tasks per adviser"), per_adviser),
    ]


def competence_at_risk():
    """Running courses whose mandatory modules are unfinished close to or past the one-year deadline."""
    running = Course.objects.filter(closed_at=None).exclude(
        registration__status=Registration.Status.WITHDRAWN
    ).select_related("registration__municipality")
    return [course for course in running if course.competence_at_risk()]


@coordinator_required
def dashboard(request):
    return render_backoffice(request, "workflows/backoffice/dashboard.html", {
        "cohorts": cohort_rows(),
        "charts": [(title, bars(pairs)) for title, pairs in figures()],
        "at_risk": competence_at_risk(),
    })


def _table():
    rows = [[_("Cohort"), _("Seats taken"), _("Seats left"), _("Waiting list")]]
    rows += [[str(cohort), taken, left, waiting] for cohort, taken, left, waiting in cohort_rows()]
    for title, pairs in figures():
        rows += [[], [title, _("Number")], *[[str(label), value] for label, value in pairs]]
    return rows


@coordinator_required
def export(request, fmt):
    response = spreadsheet_response(_table(), f"overblik-{timezone.localdate():%Y-%m-%d}", fmt)
    if response is None:
        raise Http404
    return response
