"""Coordinators manage the programme in the Wagtail admin: programmes, cohorts, meetings, sign-ups with
attendance, registrations (filter by cohort, status and region; export CSV/XLSX) and the decision email texts.

Seats and statuses are not editable here: they change only through `workflows.journey` and `workflows.seats`."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from core import exports

from . import journey
from .backoffice import admin_hooks  # noqa: F401  (the back office's menu entry, panel and module catalogue)
from .models import Cohort, DecisionText, InformationMeeting, MeetingSignup, Programme, Registration


class ProgrammeViewSet(ModelViewSet):
    model = Programme
    icon = "folder-open-inverse"
    menu_label = _("Programmes")
    list_display = ["name", "capacity"]
    form_fields = ["name", "slug", "description", "capacity", "partners", "contact_name", "contact_email",
                   "contact_phone"]


class CohortViewSet(ModelViewSet):
    model = Cohort
    icon = "date"
    menu_label = _("Cohorts")
    list_display = ["label", "programme", "starts_on", "registration_opens", "registration_closes", "capacity"]
    list_filter = ["programme"]
    form_fields = ["programme", "label", "starts_on", "registration_opens", "registration_closes", "capacity",
                   "duration_months"]


class InformationMeetingViewSet(ModelViewSet):
    model = InformationMeeting
    icon = "group"
    menu_label = _("Information meetings")
    list_display = ["__str__", "programme", "capacity", "host"]
    list_filter = ["programme"]
    form_fields = ["programme", "starts_at", "duration_minutes", "meeting_url", "capacity", "host"]


class MeetingSignupViewSet(ModelViewSet):
    """The sign-up list of each meeting (filter by meeting); edit a row to mark attendance."""

    model = MeetingSignup
    icon = "user"
    menu_label = _("Meeting sign-ups")
    list_display = ["name", "email", "municipality", "role", "meeting", "attended", "cancelled_at"]
    list_filter = ["meeting", "attended"]
    index_view_class = exports.IndexView  # personal data: neutralised cells, coordinators only
    list_export = ["meeting", "name", "email", "municipality", "role", "attended", "cancelled_at"]
    export_filename = "tilmeldinger-informationsmoeder"
    search_fields = ["name", "email"]
    form_fields = ["attended"]


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("Sent to the municipality."))


class DeclineRegistrationView(WagtailAdminTemplateMixin, FormView):
    """Decline after acceptance: the municipality's place ends and its seat goes to the waiting list."""

    template_name = "workflows/admin/decline_registration.html"
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
        journey.decide(self.registration, DecisionText.Decision.DECLINE, form.cleaned_data["reason"].strip())
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
    list_display = ["municipality", "cohort", "status", "seat", "contact_name", "created_at"]
    list_filter = ["cohort", "status", "municipality__region"]
    list_export = [
        "municipality", "region", "cohort", "status", "seat", "contact_name", "contact_email",
        "contact_phone", "manager_name", "manager_title", "manager_email", "peer_experience",
        "expected_participants", "lead_adviser", "created_at",
    ]
    export_headings = {"region": _("region")}
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


class ProgrammeViewSetGroup(ModelViewSetGroup):
    menu_label = _("Advisory programme")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (ProgrammeViewSet, CohortViewSet, InformationMeetingViewSet, MeetingSignupViewSet, RegistrationViewSet,
             DecisionTextViewSet)


@hooks.register("register_admin_viewset")
def register_programme_viewsets():
    return ProgrammeViewSetGroup()
