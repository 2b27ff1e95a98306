"""Forms of the course's steps. Times are Danish local time."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.translation import gettext_lazy as _

from core.widgets import DateInput, DateTimeInput

from .. import permissions
from . import lifecycle, services
from .models import CompetenceModule, Course, Enrolment, Evaluation, GuidanceSession, Workshop


def _people(permission):
    return permissions.users_with(permission).order_by("first_name", "username")


class LeadAdviserForm(forms.Form):
    lead_adviser = forms.ModelChoiceField(label=_("Lead adviser"), queryset=None)
    competence_partner = forms.ModelChoiceField(
        label=_("Competence partner"), queryset=None, required=False,
        help_text=_("Enrols the participants and records completed modules. Without one, the lead adviser does."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_adviser"].queryset = _people(permissions.RUN_COURSE)
        self.fields["competence_partner"].queryset = _people(permissions.DELIVER_COMPETENCE)
        for name in self.fields:
            self.fields[name].label_from_instance = lambda user: user.get_full_name() or user.username


class FutureStartMixin:
    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return starts_at


class KickoffForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ["kickoff_at", "kickoff_place", "kickoff_url"]
        widgets = {"kickoff_at": DateTimeInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kickoff_at"].required = True

    def clean_kickoff_at(self):
        kickoff_at = self.cleaned_data["kickoff_at"]
        if kickoff_at <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return kickoff_at

    def clean(self):
        data = super().clean()
        if not data.get("kickoff_place", "").strip() and not data.get("kickoff_url"):
            raise forms.ValidationError(_("Give a place or an online meeting link."))
        return data


class WorkshopForm(FutureStartMixin, forms.ModelForm):
    """A development workshop of `course`: in the future, and before the course's final evaluation (a workshop
    after it would outlive the course, which closes once the evaluation is in)."""

    class Meta:
        model = Workshop
        fields = ["audience", "starts_at", "duration_minutes", "place"]
        widgets = {"starts_at": DateTimeInput}

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course

    def clean_starts_at(self):
        starts_at = super().clean_starts_at()
        last_day = lifecycle.final_evaluation_on(self.course.registration)
        if timezone.localdate(starts_at) >= last_day:
            raise forms.ValidationError(_("Workshops are held before the final evaluation on %(day)s.") % {
                "day": date_format(last_day)})
        return starts_at


class EnrolmentForm(forms.Form):
    """Participants enrolled by hand on the case page: someone the municipality's nominations missed."""

    modules = forms.ModelMultipleChoiceField(
        label=_("Modules"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    participants = forms.CharField(
        label=_("Participants"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000,
        help_text=_("One name per line. Every participant is enrolled in every chosen module."),
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["modules"].queryset = CompetenceModule.objects.filter(programme=programme)

    def clean_participants(self):
        names = [line.strip() for line in self.cleaned_data["participants"].splitlines() if line.strip()]
        if not names:
            raise forms.ValidationError(_("Name at least one participant."))
        longest = Enrolment._meta.get_field("participant").max_length
        too_long = [name for name in names if len(name) > longest]
        if too_long:
            raise forms.ValidationError(_("A name can be at most %(limit)s characters: %(name)s …") % {
                "limit": longest, "name": too_long[0][:40]})
        return list(dict.fromkeys(names))


class CompletionForm(forms.Form):
    """A year in: which participants completed which modules, and when. Only modules that have ended are listed: a
    module cannot be completed before its last day."""

    completed = forms.ModelMultipleChoiceField(
        label=_("Completed modules"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    completed_on = forms.DateField(label=_("Completed on"), widget=DateInput,
                                   help_text=_("The day the chosen modules were completed (at the latest today)."))

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed"].queryset = course.enrolments.filter(
            completed_on=None, module__ends_on__lte=timezone.localdate()).select_related("module")
        self.initial.setdefault("completed_on", timezone.localdate())

    def clean(self):
        data = super().clean()
        day = data.get("completed_on")
        if day is None:
            return data
        refusal = next(filter(None, (services.completion_refusal(enrolment, day)
                                     for enrolment in data.get("completed", []))), None)
        if refusal:
            self.add_error("completed_on", refusal)
        return data


class GuidanceBookingForm(FutureStartMixin, forms.ModelForm):
    """The next guidance session, agreed with the municipality: a time, and a place or a video link."""

    class Meta:
        model = GuidanceSession
        fields = ["starts_at", "duration_minutes", "place", "meeting_url"]
        widgets = {"starts_at": DateTimeInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].required = True

    def clean(self):
        data = super().clean()
        if not data.get("place", "").strip() and not data.get("meeting_url"):
            raise forms.ValidationError(_("Give a place or an online meeting link."))
        return data


class GuidanceForm(forms.ModelForm):
    """The session has been held: when, and what was discussed and agreed."""

    class Meta:
        model = GuidanceSession
        fields = ["held_on", "notes"]
        widgets = {"held_on": DateInput}

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course
        self.fields["held_on"].required = True
        self.fields["notes"].required = True

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("A session cannot have been held in the future. Record it when it has "
                                          "taken place."))
        if held_on < self.course.starts_on:
            raise forms.ValidationError(_("The course started %(start)s: a session cannot have been held before.") % {
                "start": date_format(self.course.starts_on)})
        return held_on


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["progress", "peers_involved", "achievements", "challenges", "next_steps"]
        widgets = {"progress": forms.RadioSelect}


class AgendaForm(forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["agenda"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda"].required = True


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["attendance", "notes", "agreed_actions"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].required = True

    def clean(self):
        data = super().clean()
        if self.instance.starts_at and self.instance.starts_at > timezone.now():
            raise forms.ValidationError(_("The workshop has not taken place yet (it starts %(when)s). Record its "
                                          "outcome afterwards.") % {
                "when": localize(timezone.localtime(self.instance.starts_at))})
        return data
