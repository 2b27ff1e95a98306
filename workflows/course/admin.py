"""The competence module catalogue in the Wagtail admin, kept by coordinators."""

from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from .models import CompetenceModule


def _yes_no(module):
    return gettext("Yes") if module.mandatory else gettext("No")


class CompetenceModuleViewSet(ModelViewSet):
    model = CompetenceModule
    icon = "doc-full"
    menu_label = _("Competence modules")
    add_to_admin_menu = True
    menu_order = 310
    list_filter = ["programme", "audience", "mandatory", "provider"]
    form_fields = ["programme", "title", "audience", "mandatory", "provider", "starts_on", "ends_on"]

    @property
    def list_display(self):
        # "Ja"/"Nej", where the field itself would show "True"/"False"
        mandatory = Column("mandatory", label=capfirst(CompetenceModule._meta.get_field("mandatory").verbose_name),
                           accessor=_yes_no, sort_key="mandatory")
        return ["title", "audience", mandatory, "provider", "starts_on", "ends_on"]
