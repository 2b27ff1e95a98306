"""The competence module catalogue in the Wagtail admin, kept by coordinators."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from .models import CompetenceModule


class CompetenceModuleViewSet(ModelViewSet):
    model = CompetenceModule
    icon = "doc-full"
    menu_label = _("Competence modules")
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["title", "audience", "mandatory", "provider", "starts_on", "ends_on"]
    list_filter = ["programme", "audience", "mandatory", "provider"]
    form_fields = ["programme", "title", "audience", "mandatory", "provider", "starts_on", "ends_on"]
