"""The registration's steps: screening and the seat offer. Each shows the municipality's answers beside a small
form and applies the decision through `registration.services`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..steps.views import StepView
from . import services
from .models import DecisionText, WorkArea

Decision = DecisionText.Decision


class ScreeningForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the municipality. Required when you decline."),
    )

    def __init__(self, *args, registration, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [
            (decision.value, decision.label) for decision in services.allowed_decisions(registration)
        ]

    def clean(self):
        data = super().clean()
        if data.get("decision") == Decision.DECLINE and not data.get("reason", "").strip():
            self.add_error("reason", _("Give the municipality a reason when you decline."))
        return data


class RegistrationTaskView(StepView):
    """A task about one registration shows its answers beside the form."""

    def get_context_data(self, **kwargs):
        registration = self.request.activation.process.registration
        return super().get_context_data(
            registration=registration,
            work_areas=[label for value, label in WorkArea.choices if value in registration.work_areas],
            attended=registration.attended_information_meeting(),
            position=registration.waiting_position(),
            **kwargs,
        )


class ScreeningView(RegistrationTaskView):
    form_class = ScreeningForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "registration": self.request.activation.process.registration}

    def apply(self, form):
        registration = self.request.activation.process.registration
        services.decide(registration, form.cleaned_data["decision"], form.cleaned_data["reason"].strip(),
                        by=self.request.user, running=self.request.activation.process)


class SeatOfferForm(forms.Form):
    GRANT, PASS = "grant", "pass"
    outcome = forms.ChoiceField(
        label=_("Outcome"), widget=forms.RadioSelect,
        choices=[(GRANT, _("The municipality takes the seat")), (PASS, _("The municipality passes"))],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=3000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class SeatOfferView(RegistrationTaskView):
    form_class = SeatOfferForm

    def apply(self, form):
        registration = self.request.activation.process.registration
        if form.cleaned_data["outcome"] == SeatOfferForm.GRANT:
            services.grant_offered_seat(registration)
        else:
            services.pass_offered_seat(registration, form.cleaned_data["note"],
                                       running=self.request.activation.process)
