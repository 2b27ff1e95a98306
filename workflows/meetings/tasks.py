"""The hosting adviser's step after a meeting: who attended."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..steps.views import StepView


class AttendanceForm(forms.Form):
    attendees = forms.ModelMultipleChoiceField(
        label=_("Who attended?"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = meeting.signups.active().select_related("municipality")


class AttendanceView(StepView):
    form_class = AttendanceForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.request.activation.process.meeting}

    def apply(self, form):
        meeting = self.request.activation.process.meeting
        attendees = form.cleaned_data["attendees"]
        meeting.signups.active().update(attended=False)
        meeting.signups.filter(pk__in=[signup.pk for signup in attendees]).update(attended=True)
