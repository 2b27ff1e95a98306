"""The public sign-up form of an information meeting."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PublicForm
from core.widgets import ModelChoiceField

from .models import MeetingSignup


class MeetingSignupForm(PublicForm, forms.ModelForm):
    class Meta:
        model = MeetingSignup
        fields = ["name", "email", "municipality", "role"]
        labels = {"name": _("Your name"), "role": _("Your role")}
        field_classes = {"municipality": ModelChoiceField}
        help_texts = {"role": _("For example manager, consultant or peer.")}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["municipality"].empty_label = _("Choose municipality")
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean(self):
        data = super().clean()
        if not self.meeting.is_open():
            raise forms.ValidationError(_("Sign-up for this meeting has closed because the meeting has started."))
        email = data.get("email")
        if email and self.meeting.signups.active().filter(email__iexact=email).exists():
            self.add_error("email", _("This email address is already signed up for the meeting."))
        return data
