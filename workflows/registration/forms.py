"""Public forms of the registration: the registration itself, contact details, status-link requests.

Messages are Danish through the catalogue; a rejected form is always shown again with the input kept."""

import re

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.formats import localize
from django.utils.functional import cached_property, lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.forms import PublicForm
from core.widgets import CheckboxSelectMultiple, ModelChoiceField, RadioSelect

from ..programme.models import Municipality
from .models import PeerExperience, Registration, WorkArea
from .seats import seat_facts

PHONE_MESSAGE = _("Enter a Danish phone number: 8 digits, optionally with +45 in front, e.g. 12 34 56 78.")


def _without_spaces(value):
    return re.sub(r"\s", "", value)


class DanishPhoneValidator(RegexValidator):
    """8 digits, optionally after +45, with spaces anywhere ("12 34 56 78", "+45 12345678"); kept as typed."""

    regex = r"^(\+45)?\d{8}$"
    message = PHONE_MESSAGE
    code = "invalid_phone"

    def __call__(self, value):
        super().__call__(_without_spaces(str(value)))


class PhoneFieldMixin:
    """The contact phone of the registration form and of the status page's contact form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        widget = self.fields["contact_phone"].widget
        widget.input_type = "tel"
        widget.attrs.update(autocomplete="tel", inputmode="tel")

    def clean_contact_phone(self):
        phone = " ".join(self.cleaned_data.get("contact_phone", "").split())
        if phone:
            DanishPhoneValidator()(phone)
        return phone


def _label(field):
    return capfirst(Registration._meta.get_field(field).verbose_name)


def _joined(*parts, separator=", "):
    """The non-empty parts as one string, each rendered in the language active when it is shown."""
    return lazy(lambda: separator.join(str(part) for part in parts if part), str)()


def submitted_answers(registration):
    """The answers the municipality sent, as (question, answer) in the form's order: read-only on the status page
    and repeated in the confirmation email. Lazy, so each renders in the language it is shown in."""
    people = [(_label("contact_name"), _joined(registration.contact_name, registration.contact_email,
                                               registration.contact_phone))]
    if registration.second_contact_name or registration.second_contact_email:
        people.append((_label("second_contact_name"), _joined(registration.second_contact_name,
                                                              registration.second_contact_email)))
    manager = _joined(registration.manager_name, registration.manager_title, registration.manager_email)
    experience = dict(PeerExperience.choices).get(registration.peer_experience, registration.peer_experience)
    areas = _joined(*(dict(WorkArea.choices).get(area, area) for area in registration.work_areas))
    answers = [*people, (_label("manager_name"), manager), (_label("peer_experience"), experience)]
    if registration.peer_experience_details:
        answers.append((_label("peer_experience_details"), registration.peer_experience_details))
    return [*answers, (_label("work_areas"), areas), (_label("motivation"), registration.motivation),
            (_label("expected_participants"), str(registration.expected_participants))]


def _deadline(cohort):
    return localize(timezone.localtime(cohort.registration_closes))


class RegistrationForm(PhoneFieldMixin, PublicForm, forms.ModelForm):
    """Only cohorts open right now are offered; a cohort that closed while the form was open is refused with
    its deadline, to the second, in Danish time."""

    expected_participants = forms.IntegerField(
        label=_("Expected participants"), min_value=1, max_value=500,
        help_text=_("About how many managers, staff and peers will take part?"),
    )
    work_areas = forms.MultipleChoiceField(
        label=_("Areas where peers will work"), choices=WorkArea.choices, widget=CheckboxSelectMultiple
    )
    consent = forms.BooleanField(
        label=_("We agree that the agency stores and uses this information to run the advisory course."),
        error_messages={"required": _("You must agree before you can register.")},
    )

    class Meta:
        model = Registration
        fields = [
            "cohort", "municipality", "contact_name", "contact_email", "contact_phone", "second_contact_name",
            "second_contact_email", "manager_name", "manager_title", "manager_email", "peer_experience",
            "peer_experience_details", "work_areas", "motivation", "expected_participants", "consent",
        ]
        field_classes = {"municipality": ModelChoiceField}
        widgets = {
            "peer_experience": RadioSelect,
            "motivation": forms.Textarea(attrs={"rows": 5}),
            "peer_experience_details": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "motivation": _("Why do you want to join, and what do you hope to achieve?"),
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        cohort_field = self.fields["cohort"]
        cohort_field.queryset = programme.cohorts.all()
        cohort_field.empty_label = None
        cohort_field.widget = RadioSelect(choices=self._cohort_choices)  # read when shown, not on a valid POST
        self.fields["municipality"].empty_label = _("Choose municipality")
        self.fields["peer_experience"].choices = self.fields["peer_experience"].choices[1:]  # no blank radio
        if self.open_cohorts:
            cohort_field.help_text = self._full_cohort_note()

    @cached_property
    def open_cohorts(self):
        return list(self.programme.cohorts.open())

    @cached_property
    def seats(self):
        """The open cohorts' seat figures (`seats.seat_facts`), as every page shows them."""
        return seat_facts(self.programme, cohorts=self.open_cohorts)

    def _cohort_choices(self):
        return [(facts.cohort.pk, self._choice_label(facts)) for facts in self.seats.open_cohorts]

    def _choice_label(self, facts):
        label = _("%(label)s, registration closes %(deadline)s") % {
            "label": facts.cohort, "deadline": _deadline(facts.cohort)}
        if facts.free:
            seats = ngettext("%(count)s seat left", "%(count)s seats left", facts.free) % {"count": facts.free}
        else:
            seats = _("full: waiting list, number %(position)s") % {"position": self.seats.next_waiting_position}
        return f"{label} – {seats}"

    def _full_cohort_note(self):
        """Said before the municipality sends: a full cohort puts it on the waiting list while another has room."""
        full = [facts for facts in self.seats.open_cohorts if not facts.free]
        with_seats = [facts for facts in self.seats.open_cohorts if facts.free]
        if not full or not with_seats:
            return ""
        return _("%(full)s is full: registering for it puts you on the waiting list. %(open)s has free seats.") % {
            "full": ", ".join(str(facts.cohort) for facts in full),
            "open": ", ".join(str(facts.cohort) for facts in with_seats)}

    def clean_cohort(self):
        cohort = self.cleaned_data["cohort"]
        if not cohort.is_open():
            raise forms.ValidationError(
                _("Registration for %(cohort)s closed %(deadline)s. Your answers are kept below; choose another "
                  "cohort if one is open.") % {"cohort": cohort, "deadline": _deadline(cohort)}
            )
        return cohort

    def existing_registration(self):
        """The municipality's active registration in this programme, if it already has one."""
        municipality = self.cleaned_data.get("municipality")
        if municipality is None:
            return None
        return (
            Registration.objects.filter(programme=self.programme, municipality=municipality)
            .exclude(status=Registration.Status.WITHDRAWN)
            .first()
        )


class ContactForm(PhoneFieldMixin, PublicForm, forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["contact_name", "contact_email", "contact_phone", "second_contact_name", "second_contact_email"]


class StatusLinkRequestForm(PublicForm, forms.Form):
    email = forms.EmailField(label=_("The contact person's email address"))


class ResendStatusLinkForm(forms.Form):
    """The hidden choice behind "send the link again" on the already-registered message."""

    municipality = forms.ModelChoiceField(queryset=Municipality.objects.all())
