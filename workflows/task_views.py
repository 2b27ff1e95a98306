"""Staff task views for viewflow's built-in UI: screening, seat offer, attendance.

Each view shows a small form; on success it applies the decision through `workflows.journey` and completes the
task with `activation.execute()`. Templates: `templates/workflows/workflows/<task>_task.html`."""

from django import forms
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.views import generic
from viewflow.workflow.flow.views import mixins

from . import journey
from .models import DecisionText
from .models.registrations import WorkArea

Decision = DecisionText.Decision


class TaskFormView(mixins.SuccessMessageMixin, mixins.TaskSuccessUrlMixin, mixins.TaskViewTemplateNames,
                   generic.FormView):
    template_filename = "task.html"
    success_message = _("Task {task} has been completed.")

    def apply(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        self.apply(form)
        self.request.activation.execute()
        return HttpResponseRedirect(self.get_success_url())


class ScreeningForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the municipality. Required when you decline."),
    )

    def __init__(self, *args, registration, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [
            (decision.value, decision.label) for decision in journey.allowed_decisions(registration)
        ]

    def clean(self):
        data = super().clean()
        if data.get("decision") == Decision.DECLINE and not data.get("reason", "").strip():
            self.add_error("reason", _("Give the municipality a reason when you decline."))
        return data


class RegistrationTaskView(TaskFormView):
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
        journey.decide(registration, form.cleaned_data["decision"], form.cleaned_data["reason"].strip(),
                       by=self.request.user)


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
            journey.grant_offered_seat(registration)
        else:
            journey.pass_offered_seat(registration, form.cleaned_data["note"])


class AttendanceForm(forms.Form):
    attendees = forms.ModelMultipleChoiceField(
        label=_("Who attended?"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = meeting.signups.active().select_related("municipality")


class AttendanceView(TaskFormView):
    form_class = AttendanceForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.request.activation.process.meeting}

    def apply(self, form):
        meeting = self.request.activation.process.meeting
        attendees = form.cleaned_data["attendees"]
        meeting.signups.active().update(attended=False)
        meeting.signups.filter(pk__in=[signup.pk for signup in attendees]).update(attended=True)

