"""Coordinators manage information meetings in the Wagtail admin, and the sign-up list of each (filter by
meeting; edit a row to mark attendance; export for coordinators only)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from core import exports

from .models import InformationMeeting, MeetingSignup


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
