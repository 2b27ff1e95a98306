"""The forms of who takes part (`course.participation`): the municipality's lists of people (nominees for the
competence modules, its people coming to a workshop), and the competence partner's decisions on the nominations.

A list of people is a formset of rows (`PeopleFormSet`): the rows filled in count, blank ones are skipped, an
address comes once, and one already used (nominated before) is refused on its row, so the error stands where the
input is and nothing typed is lost."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.forms import PublicForm

from . import participation
from .models import CompetenceModule, Nomination, ParticipantRole, WorkshopAttendee, WorkshopResponse

MAX_PEOPLE = 30  # rows in one list; a municipality nominates or brings at most this many at once
MAX_CITIZENS = 500


class PersonForm(PublicForm, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=WorkshopAttendee._meta.get_field("name").max_length,
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))
    email = forms.EmailField(label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(label=_("Role"), choices=ParticipantRole.choices, widget=forms.RadioSelect)

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_email(self):
        return participation.normalised(self.cleaned_data["email"])


def module_label(module):
    """A module as the municipality chooses it: its title, audience and dates, and whether it is mandatory."""
    label = _("%(title)s (%(audience)s, %(starts)s–%(ends)s)") % {
        "title": module.title, "audience": module.get_audience_display().lower(),
        "starts": date_format(module.starts_on), "ends": date_format(module.ends_on)}
    return f"{label} – {_('mandatory')}" if module.mandatory else label


class NominationForm(PersonForm):
    modules = forms.ModelMultipleChoiceField(label=_("Modules"), queryset=CompetenceModule.objects.none(),
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["modules"].queryset = CompetenceModule.objects.filter(programme=programme)
        self.fields["modules"].label_from_instance = module_label


class PeopleFormSet(forms.BaseFormSet):
    """Rows of people: `people()` are the rows filled in. An address comes once in the list and must not be one of
    `taken` (used before); `required` asks for at least one row."""

    required = True
    empty_message = _("Add at least one person.")
    taken_message = _("This address has already been nominated for your course.")

    def __init__(self, *args, taken=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.taken = taken
        if not self.is_bound and self.initial:  # the rows typed so far, and a blank one
            self.extra = len(self.initial) + 1

    def initial_form_count(self):
        """No row is an existing record: a blank row is skipped wherever it stands."""
        return 0

    def filled(self):
        return [form for form in self.forms if form.has_changed()]

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.filled():
            email = form.cleaned_data["email"]
            if email in self.taken:
                form.add_error("email", self.taken_message)
            elif email in seen:
                form.add_error("email", _("This address is already in the list."))
            seen.add(email)
        if self.required and not self.filled():
            raise forms.ValidationError(self.empty_message)

    def people(self):
        return [form.cleaned_data for form in self.filled()]


def people_formset(form, **options):
    return forms.formset_factory(form, formset=PeopleFormSet, extra=1, max_num=MAX_PEOPLE,
                                 absolute_max=MAX_PEOPLE, validate_max=True, **options)


NominationFormSet = people_formset(NominationForm)


class AttendeeFormSet(people_formset(PersonForm)):
    required = False  # citizens alone may come


class PeopleListForm(forms.Form):
    """A municipality's step whose form is a list of people (`people`, a `PeopleFormSet`), with the fields of its
    own the subclass declares: valid when both are. With `adding` the list gets one more row (the "Add a person"
    button), the input kept. `summary()` is what the person checks before sending: [(label, text)]."""

    formset_class = None
    template_name_people = "workflows/course/people_form.html"  # the step's form, and its values carried on hidden
    template_name_hidden = "workflows/course/people_hidden.html"

    def __init__(self, data=None, *args, adding=False, formset_kwargs=None, **kwargs):
        formset_kwargs = dict(formset_kwargs or {})
        if data is not None and adding:  # the input as it stands, as the form's initial values: nothing checked
            kwargs["initial"] = {name: data[name] for name in self.base_fields if name in data}
            formset_kwargs["initial"] = self._rows(data)
            data = None
        super().__init__(data, *args, **kwargs)
        self.people = self.formset_class(data, **formset_kwargs)

    @classmethod
    def _rows(cls, data):
        """The rows of the list in `data` (a QueryDict), as they were typed."""
        prefix = cls.formset_class.get_default_prefix()
        total = str(data.get(f"{prefix}-TOTAL_FORMS", ""))
        fields = cls.formset_class.form.base_fields
        return [{name: (data.getlist if getattr(field.widget, "allow_multiple_selected", False) else data.get)(
                    f"{prefix}-{index}-{name}") for name, field in fields.items()}
                for index in range(min(int(total), MAX_PEOPLE - 1) if total.isdigit() else 0)]

    def is_valid(self):
        own = super().is_valid()
        return self.people.is_valid() and own

    def has_errors(self):
        return self.is_bound and bool(self.errors or self.people.total_error_count())

    def summary(self):
        rows = []
        for number, person in enumerate(self.people.people(), start=1):
            lines = [person["name"], person["email"], ParticipantRole(person["role"]).label]
            if "modules" in person:
                lines.append(_("Modules: %(modules)s") % {
                    "modules": ", ".join(module.title for module in person["modules"])})
            rows.append((_("Person %(number)s") % {"number": number}, "\n".join(str(line) for line in lines)))
        return rows


class NominationsForm(PublicForm, PeopleListForm):
    """The municipality's nominations for the competence modules of `course`: an address once, and not one
    nominated before."""

    formset_class = NominationFormSet

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, formset_kwargs={"form_kwargs": {"programme": course.registration.programme},
                                                "taken": participation.nominated_addresses(course)}, **kwargs)


class WorkshopResponseForm(PublicForm, forms.ModelForm):
    """The rest of the answer before a workshop; its people are an `AttendeeFormSet` beside it."""

    citizens = forms.IntegerField(label=_("Number of citizens"), min_value=0, max_value=MAX_CITIZENS, initial=0,
                                  help_text=_("Citizens are counted, not named."))

    class Meta:
        model = WorkshopResponse
        fields = ["citizens", "agenda_wishes"]
        widgets = {"agenda_wishes": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"agenda_wishes": _("What would you like the workshop to take up?")}


class WorkshopAnswerForm(PeopleListForm, WorkshopResponseForm):
    """The municipality's answer before a workshop: its people who come, and the response's own fields. Nobody at
    all is refused: the answer says who comes."""

    formset_class = AttendeeFormSet

    def clean(self):
        data = super().clean()
        if self.people.is_valid() and not self.people.people() and not data.get("citizens"):
            self.add_error("citizens", _("Add the people who come, or the number of citizens."))
        return data

    def summary(self):
        return [*super().summary(), (self.fields["citizens"].label, self.cleaned_data["citizens"]),
                (self.fields["agenda_wishes"].label, self.cleaned_data["agenda_wishes"] or "–")]


class ConfirmNominationsForm(forms.Form):
    """The competence partner's decision on each nomination awaiting one: confirm (the person is enrolled in the
    modules), or decline with a reason the municipality reads. `decisions()` are [(nomination, confirmed?,
    reason)]."""

    CONFIRM, DECLINE = "confirm", "decline"

    def __init__(self, *args, nominations, **kwargs):
        super().__init__(*args, **kwargs)
        self.nominations = list(nominations)
        for nomination in self.nominations:
            modules = ", ".join(module.title for module in nomination.modules.all())
            self.fields[f"decision_{nomination.pk}"] = forms.ChoiceField(
                label=f"{nomination.name} ({nomination.get_role_display().lower()})", widget=forms.RadioSelect,
                choices=[(self.CONFIRM, _("Confirm")), (self.DECLINE, _("Decline"))],
                help_text=_("%(email)s · modules: %(modules)s") % {"email": nomination.email, "modules": modules})
            self.fields[f"reason_{nomination.pk}"] = forms.CharField(
                label=_("Reason for declining %(name)s") % {"name": nomination.name}, required=False,
                max_length=Nomination._meta.get_field("decline_reason").max_length,
                widget=forms.Textarea(attrs={"rows": 2}), help_text=_("The municipality reads it."))

    def clean(self):
        data = super().clean()
        for nomination in self.nominations:
            declined = data.get(f"decision_{nomination.pk}") == self.DECLINE
            if declined and not data.get(f"reason_{nomination.pk}", "").strip():
                self.add_error(f"reason_{nomination.pk}", _("Give the municipality a reason when you decline."))
        return data

    def decisions(self):
        return [(nomination, self.cleaned_data[f"decision_{nomination.pk}"] == self.CONFIRM,
                 self.cleaned_data[f"reason_{nomination.pk}"]) for nomination in self.nominations]
