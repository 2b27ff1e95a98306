"""The coordinators' results: what the courses achieve, read from the municipalities' own self-assessments
(`outcomes.results`). For each indicator, a chart of each cohort's median answer at the start, midway and at the
end, and per cohort a table of the distribution at each point (how many answered, the median and the quartiles) and
of the municipalities' changes from their own starting point. A figure with fewer than `MINIMUM_GROUP`
municipalities behind it says so and shows nothing else, as in the exports and on the public site; a region filter
narrows the groups, so it can hide figures the cohort as a whole shows.

The drill-down (a cohort's municipalities that answered, and one municipality's answers side by side) is not an
aggregate: it shows one municipality's own answers, which coordinators see on its case page already, so the
threshold has nothing to hide there. Every page costs the same few queries however many cohorts, indicators and
municipalities there are."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.widgets import ModelChoiceField, Select

from .. import permissions
from ..outcomes import results
from ..outcomes import services as outcome_services
from ..outcomes.models import SCALE, Indicator, SelfAssessment
from ..programme.models import Cohort, Region
from ..registration.models import Registration
from .access import Access
from .charts import Bar, Chart

CHANGES = {SelfAssessment.Kind.MIDWAY: gettext_lazy("Change from the starting point to midway"),
           SelfAssessment.Kind.FINAL: gettext_lazy("Change from the starting point to the end")}


class ResultsFilterForm(forms.Form):
    """The results' filters, read from the address (a GET form), so that a filtered page can be bookmarked and the
    export links carry the same choice."""

    cohort = ModelChoiceField(label=gettext_lazy("Cohort"), queryset=Cohort.objects.order_by("starts_on", "pk"),
                              required=False, empty_label=gettext_lazy("All cohorts"))
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False, widget=Select,
                               choices=[("", gettext_lazy("All regions")), *Region.choices])

    def narrowing(self):
        """`outcomes.results.results`' keyword arguments for the choice made: none for no choice, or one that is not
        valid (the page then shows every result, and says why)."""
        if not self.is_bound or not self.is_valid():
            return {}
        cohort, region = self.cleaned_data["cohort"], self.cleaned_data["region"]
        return {**({"cohorts": [cohort]} if cohort else {}), **({"region": region} if region else {})}

    def query(self):
        """The valid choice as a query string ("" for none), for the export links: they download what is shown."""
        if not self.narrowing():
            return ""
        return urlencode({name: getattr(value, "pk", value) for name, value in self.cleaned_data.items() if value})


def read_filters(request):
    """The filter form of the request and the choice it makes; a choice that is not valid is said in a message and
    ignored, so a tampered or outdated address shows every result instead of an error."""
    form = ResultsFilterForm(request.GET or None)
    narrowing = form.narrowing()
    if form.is_bound and not form.is_valid():
        messages.error(request, _("The filter could not be used, so all results are shown. Choose from the lists."))
    return form, narrowing


@dataclass(frozen=True)
class Line:
    """A row of a cohort's table: a point (or the change to it) and its figure, the values written in Danish."""

    key: str
    label: str
    figure: results.Figure
    signed: bool = False

    @property
    def values(self):
        """The median, the lower and the upper quartile as shown."""
        figure = self.figure
        return [results.number(value, signed=self.signed)
                for value in (figure.median, figure.lower_quartile, figure.upper_quartile)]


@dataclass(frozen=True)
class Section:
    """One indicator: its chart and, per cohort, the cohort's result with its table's lines and the address of its
    municipalities."""

    indicator: Indicator
    chart: Chart
    cohorts: list  # [(Result, [Line], url)]


def lines(result):
    return [*(Line(kind, kind.label, result.points[kind]) for kind in results.KINDS),
            *(Line(f"change-{kind}", CHANGES[kind], result.changes[kind], signed=True) for kind in results.LATER)]


def cohort_url(cohort, region=None):
    url = reverse("staff_results_cohort", args=[cohort.pk])
    return f"{url}?{urlencode({'region': region})}" if region else url


def _plain(value):
    """A median as a number the template writes in Danish: 3, not 3,0."""
    return int(value) if value == int(value) else value


def median_chart(indicator, found, region=None):
    """Each cohort's median answer at each point, drawn against the top of the scale (1–5) or, for a number, against
    the largest median shown; a figure below the threshold gets no bar."""
    out_of = max(SCALE) if indicator.is_scale else None
    bars = [Bar(f"{result.cohort} – {kind.label}", _plain(figure.median), cohort_url(result.cohort, region),
                ngettext("%(count)s municipality", "%(count)s municipalities", figure.n) % {"count": figure.n},
                out_of=out_of)
            for result in found for kind, figure in result.points.items() if figure.shown]
    title = str(indicator) if indicator.version == 1 else _("%(question)s (version %(version)s)") % {
        "question": indicator, "version": indicator.version}
    description = (_("Each cohort's median answer at the start, midway and at the end, on the scale from 1 to 5.")
                   if indicator.is_scale else
                   _("Each cohort's median answer at the start, midway and at the end; the longest bar is the "
                     "largest median."))
    return Chart(f"indicator-{indicator.pk}", title, description, bars,
                 _("No median can be shown yet: fewer than %(minimum)s municipalities have answered.") % {
                     "minimum": results.MINIMUM_GROUP})


def sections(found, region=None):
    """The results regrouped by indicator (in the indicators' order), each with its cohorts in their order."""
    by_indicator = {}
    for result in found:
        by_indicator.setdefault(result.indicator, []).append(result)
    return [Section(indicator, median_chart(indicator, cohorts, region),
                    [(result, lines(result), cohort_url(result.cohort, region)) for result in cohorts])
            for indicator, cohorts in sorted(by_indicator.items(), key=lambda item: (item[0].order, item[0].pk))]


class ResultsPage(Access, WagtailAdminTemplateMixin, TemplateView):
    allowed = staticmethod(permissions.is_coordinator)
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class ResultsView(ResultsPage):
    """Per indicator and cohort, the distribution at each point and the change, filtered by cohort and region."""

    template_name = "workflows/staff/results.html"
    page_title = gettext_lazy("Results")

    def get_context_data(self, **kwargs):
        form, narrowing = read_filters(self.request)
        region = narrowing.get("region")
        return super().get_context_data(form=form, filtered=bool(narrowing), minimum=results.MINIMUM_GROUP,
                                         sections=sections(results.results(**narrowing), region), **kwargs)


class CohortResultsView(ResultsPage):
    """A cohort's municipalities that have sent a self-assessment (in the region chosen, if one is), each opening
    its own answers."""

    template_name = "workflows/staff/results_cohort.html"

    @cached_property
    def cohort(self):
        return get_object_or_404(Cohort, pk=self.kwargs["pk"])

    def get_page_title(self):
        return _("Results: %(cohort)s") % {"cohort": self.cohort}

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("staff_results"), "label": _("Results")},
                {"url": "", "label": str(self.cohort)}]

    def get_context_data(self, **kwargs):
        region = read_filters(self.request)[1].get("region")
        cases = (Registration.objects.filter(cohort=self.cohort, self_assessments__answers__isnull=False)
                 .distinct().select_related("municipality").prefetch_related("self_assessments")
                 .order_by("municipality__name", "pk"))
        if region:
            cases = cases.filter(municipality__region=region)
        cases = list(cases)
        for case in cases:
            sent = {assessment.kind for assessment in case.self_assessments.all()}
            case.sent = [kind.label for kind in SelfAssessment.Kind if kind in sent]
        back = reverse("staff_results") + (f"?{urlencode({'region': region})}" if region else "")
        return super().get_context_data(cohort=self.cohort, cases=cases, region=Region(region).label if region else "",
                                        back=back, **kwargs)


class CaseResultsView(ResultsPage):
    """One municipality's goals and self-assessments side by side, as its case page shows them (coordinators see
    every case's course)."""

    template_name = "workflows/staff/results_case.html"

    @cached_property
    def case(self):
        return get_object_or_404(Registration.objects.select_related("municipality", "cohort"), pk=self.kwargs["pk"])

    def get_page_title(self):
        return str(self.case.municipality)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("staff_results"), "label": _("Results")},
                {"url": cohort_url(self.case.cohort), "label": str(self.case.cohort)},
                {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(case=self.case, outcomes=outcome_services.outcomes(self.case), **kwargs)
