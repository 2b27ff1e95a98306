"""Coordinators manage programmes and cohorts in the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Cohort, Programme


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
