"""The municipalities in the Wagtail admin: coordinators enter each one's CVR number, which a MitID Erhverv sign-in
names (`municipality.oidc`). No checked list of the 98 numbers ships with the project, so they are entered here (the
demo sets its own). The municipalities themselves come from a data migration and are neither added nor deleted."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from .. import permissions
from .models import Municipality

EDITING = {"view", "change"}


class CoordinatorsEnterNumbers(BasePermissionPolicy):
    """Coordinators see and change the municipalities (their CVR numbers); nobody adds or deletes one here."""

    def user_has_permission(self, user, action):
        return action in EDITING and permissions.is_coordinator(user)

    def users_with_any_permission(self, actions):
        if EDITING & set(actions):
            return permissions.users_with(permissions.COORDINATE)
        return get_user_model().objects.none()


register_permission_policy(Municipality, CoordinatorsEnterNumbers(Municipality))


class MunicipalityViewSet(ModelViewSet):
    model = Municipality
    icon = "site"
    menu_label = _("Municipalities")
    list_display = ["name", "region", "cvr"]
    list_filter = ["region"]
    form_fields = ["cvr"]
    copy_view_enabled = False
