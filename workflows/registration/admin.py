"""Coordinators manage the programmes and cohorts (capacity, deadlines, with each cohort's seat figures), see and
export the registrations in the Wagtail admin (filter by cohort, status and region), decline an accepted one, and
write the staff-written paragraphs of the decision emails.

Seats and statuses are not editable here: they change only through `registration.services` and `registration.seats`."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.forms import modelform_factory
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from core import exports

from ..programme.models import Cohort, Programme
from . import services
from .models import DecisionText, Registration
from .seats import seat_facts


class ProgrammeForm(WagtailAdminModelForm):
    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk:
            taken = seat_facts(self.instance, cohorts=[]).taken
            if capacity < taken:
                raise forms.ValidationError(_(
                    "%(taken)s municipalities already have a seat: the total capacity cannot be lower."
                ) % {"taken": taken})
        return capacity


class CohortForm(WagtailAdminModelForm):
    def clean(self):
        data = super().clean()
        programme, capacity = data.get("programme"), data.get("capacity")
        if self.instance.pk and programme and capacity is not None:
            [facts] = seat_facts(programme, cohorts=[self.instance]).cohorts
            if capacity < facts.taken:
                self.add_error("capacity", _(
                    "%(taken)s municipalities already have a seat in this cohort: its capacity cannot be lower."
                ) % {"taken": facts.taken})
        return data


class CheckedFormViewSet(ModelViewSet):
    """A viewset whose form checks the figures against the data (`base_form`): Wagtail's ModelViewSet builds its
    form from `form_fields` and takes no form class of its own."""

    base_form = WagtailAdminModelForm

    def get_form_class(self, for_update=False):
        return modelform_factory(self.model, form=self.base_form, formfield_callback=self.formfield_for_dbfield,
                                 fields=self.get_form_fields())


class ProgrammeViewSet(CheckedFormViewSet):
    model = Programme
    base_form = ProgrammeForm
    icon = "folder-open-inverse"
    menu_label = _("Programmes")
    list_display = ["name", "capacity"]
    form_fields = ["name", "slug", "description", "capacity", "partners", "contact_name", "contact_email",
                   "contact_phone"]


class CohortIndexView(exports.IndexView):
    """Each cohort with its seat figures as `seat_facts` computes them: taken, free, waiting."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cohorts = list(context["object_list"])
        facts = {}
        for programme in {cohort.programme for cohort in cohorts}:
            facts |= {item.cohort.pk: item for item in seat_facts(
                programme, cohorts=[cohort for cohort in cohorts if cohort.programme_id == programme.pk]).cohorts}
        for cohort in cohorts:
            cohort.seat_facts = facts[cohort.pk]
        return context


class CohortViewSet(CheckedFormViewSet):
    model = Cohort
    base_form = CohortForm
    index_view_class = CohortIndexView
    icon = "date"
    menu_label = _("Cohorts")
    list_display = ["label", "programme", "starts_on", "registration_closes", "capacity",
                    Column("taken", label=_("Seats taken"), accessor="seat_facts.taken"),
                    Column("free", label=_("Seats left"), accessor="seat_facts.free"),
                    Column("waiting", label=_("Waiting list"), accessor="seat_facts.waiting")]
    list_filter = ["programme"]
    list_select_related = ["programme"]
    form_fields = ["programme", "label", "starts_on", "registration_opens", "registration_closes", "capacity",
                   "duration_months"]


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("Sent to the municipality."))


class DeclineRegistrationView(WagtailAdminTemplateMixin, FormView):
    """Decline after acceptance: the municipality's place ends and its seat goes to the waiting list."""

    template_name = "workflows/registration/admin_decline.html"
    form_class = DeclineForm
    page_title = _("Decline registration")
    header_icon = "form"

    def dispatch(self, request, pk):
        if not request.user.has_perm("workflows.change_registration"):
            raise PermissionDenied
        self.registration = get_object_or_404(Registration, pk=pk, status=Registration.Status.ACCEPTED)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.registration)

    def get_context_data(self, **kwargs):
        return super().get_context_data(registration=self.registration, **kwargs)

    def form_valid(self, form):
        services.decide(self.registration, DecisionText.Decision.DECLINE, form.cleaned_data["reason"].strip())
        messages.success(self.request, _("%(registration)s was declined.") % {"registration": self.registration})
        return redirect("workflows_registration:index")


class RegistrationIndexView(exports.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status == Registration.Status.ACCEPTED and self.request.user.has_perm(
            "workflows.change_registration"
        ):
            url = reverse("workflows_registration:decline", args=[instance.pk])
            buttons.append(MenuItem(_("Decline"), url=url, icon_name="cross", priority=50))
        return buttons


class RegistrationViewSet(ModelViewSet):
    model = Registration
    name = "registration"
    url_namespace = "workflows_registration"
    index_view_class = RegistrationIndexView
    icon = "form"
    menu_label = _("Registrations")
    list_display = ["municipality", "cohort", Column("phase_label", label=_("Phase")), "seat", "contact_name",
                    "created_at"]
    list_filter = ["cohort", "status", "municipality__region"]
    list_export = [
        "municipality", "region", "cohort", "phase_label", "seat", "contact_name", "contact_email",
        "contact_phone", "manager_name", "manager_title", "manager_email", "peer_experience",
        "expected_participants", "lead_adviser", "created_at",
    ]
    export_headings = {"region": _("Region"), "phase_label": _("Phase")}
    export_filename = "tilmeldinger"
    search_fields = ["contact_name", "contact_email", "municipality__name"]
    form_fields = ["contact_name", "contact_email", "contact_phone", "second_contact_name", "second_contact_email",
                   "lead_adviser"]
    inspect_view_enabled = True

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("decline/<int:pk>/", DeclineRegistrationView.as_view(),
                                                 name="decline")]


class DecisionTextViewSet(ModelViewSet):
    model = DecisionText
    icon = "mail"
    menu_label = _("Decision email texts")
    list_display = ["decision", "subject"]
    form_fields = ["subject", "text"]
