from datetime import datetime

from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy

from . import signals, twofactor
from .models import OutboxMessage, ScheduledJob
from .permissions import ReadOnlyPermissionPolicy
from .views import personal_data

NOTHING = "–"


class LocalInspectView(InspectView):
    """Times in Danish time and Danish format ("6. december 2026 kl. 19:35"), and "–" for a value not there (no
    next attempt, no error), where Wagtail would show UTC and "None"."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "":
            return NOTHING
        if isinstance(value, datetime):
            return formats.date_format(timezone.localtime(value), "j. F Y \\k\\l. H:i")
        return value


class ReadOnlyViewSet(ModelViewSet):
    inspect_view_enabled = True
    inspect_view_class = LocalInspectView
    copy_view_enabled = False
    exclude_form_fields = []  # never edited; the form is only built, not shown


class OutboxViewSet(ReadOnlyViewSet):
    model = OutboxMessage
    icon = "mail"
    menu_label = _("Email outbox")
    list_display = ["subject", "recipient", "template", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["recipient", "subject"]
    inspect_view_fields = [
        "recipient", "template", "subject", "status", "attempts", "last_error", "provider_message_id",
        "created_at", "sent_at", "status_changed_at", "next_attempt_at", "body_text",
    ]


class ScheduledJobViewSet(ReadOnlyViewSet):
    model = ScheduledJob
    icon = "time"
    menu_label = _("Scheduled jobs")
    list_display = ["name", "next_run_at", "last_started_at", "last_finished_at", "last_error"]


class PlatformViewSetGroup(ModelViewSetGroup):
    menu_label = _("Platform")
    menu_icon = "cogs"
    menu_order = 900
    items = (OutboxViewSet, ScheduledJobViewSet)


for _model in (OutboxMessage, ScheduledJob):
    register_permission_policy(_model, ReadOnlyPermissionPolicy(_model))


@hooks.register("register_admin_viewset")
def register_platform_viewsets():
    return PlatformViewSetGroup()


@hooks.register("register_admin_urls")
def register_personal_data_url():
    return [
        path("persondata/", personal_data, name="personal_data"),
        path("2fa/", twofactor.verify, name="twofactor_verify"),
        path("2fa/opsaet/", twofactor.setup, name="twofactor_setup"),
        path("2fa/nulstil/<int:user_id>/", twofactor.ResetView.as_view(), name="twofactor_reset"),
    ]


@hooks.register("before_serve_page")
def second_factor_for_private_pages(page, request, serve_args, serve_kwargs):
    return twofactor.guard_private(request, page.get_view_restrictions())


@hooks.register("before_serve_document", order=-100)  # before Wagtail's own check and the download count
def second_factor_for_private_documents(document, request):
    return twofactor.guard_private(request, document.collection.get_view_restrictions())


@hooks.register("after_bulk_action")
def tell_about_bulk_deactivation(request, action_type, objects, action):
    """Wagtail's "Set active state" on the user list updates the rows in one query, without post_save."""
    if action_type == "set_active_state" and not action.cleaned_form.cleaned_data["mark_as_active"]:
        signals.user_deactivated.send(sender=action.model, user_ids=[user.pk for user in objects])


@hooks.register("register_log_actions")
def register_twofactor_log_actions(actions):
    actions.register_action(twofactor.DEVICE_ADDED, _("Authenticator app added"), _("Authenticator app added"))
    actions.register_action(twofactor.DEVICES_RESET, _("Two-factor sign-in reset"),
                            _("Authenticator apps removed by an administrator"))


@hooks.register("register_user_listing_buttons")
def twofactor_reset_button(user, request_user):
    if twofactor.can_reset(request_user):
        yield Button(_("Reset two-factor sign-in"), url=reverse("twofactor_reset", args=[user.pk]), icon_name="key",
                     priority=60)


class PersonalDataMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("core.manage_personal_data")


@hooks.register("register_admin_menu_item")
def register_personal_data_menu_item():
    return PersonalDataMenuItem(_("Personal data"), reverse("personal_data"), icon_name="user", order=950)
