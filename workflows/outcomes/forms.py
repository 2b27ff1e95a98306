"""The self-assessment's form: the case's indicators, each a 1–5 scale or a number, with the case's earlier answers
beside each; the goals at the start and the evaluation of the course at the end."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LARGEST_NUMBER, SCALE, SelfAssessment

TEXT_LIMIT = SelfAssessment._meta.get_field("goals").max_length


def field_name(indicator):
    return f"indicator_{indicator.pk}"


class AssessmentForm(forms.Form):
    """`indicators` in their order; `earlier`: [(heading, {indicator pk: value})] of the case's assessments so far,
    shown in each indicator's help text ("At the start: 3")."""

    def __init__(self, *args, kind, indicators, earlier=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        if kind == SelfAssessment.Kind.BASELINE:
            self.fields["goals"] = forms.CharField(
                label=_("Your goals for the course"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 6}),
                help_text=_("What do you want to have achieved with peers when the course ends in 18 months?"))
        for indicator in indicators:
            self.fields[field_name(indicator)] = self._field(indicator, earlier)
        if kind == SelfAssessment.Kind.FINAL:
            self.fields["course_evaluation"] = forms.CharField(
                label=_("Your evaluation of the course"), max_length=TEXT_LIMIT,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=_("What did the course give you, and what could we have done better?"))

    @staticmethod
    def _field(indicator, earlier):
        before = " · ".join(str(_("%(when)s: %(value)s") % {"when": heading, "value": values[indicator.pk]})
                            for heading, values in earlier if indicator.pk in values)
        help_text = " ".join(filter(None, [indicator.help_text, f"({before})" if before else ""]))
        if indicator.is_scale:
            return forms.TypedChoiceField(label=indicator.label, help_text=help_text, coerce=int,
                                          choices=[(value, str(value)) for value in SCALE], widget=forms.RadioSelect)
        return forms.IntegerField(label=indicator.label, help_text=help_text, min_value=0, max_value=LARGEST_NUMBER)

    def answers(self):
        """{indicator: value} of a valid form."""
        return {indicator: self.cleaned_data[field_name(indicator)] for indicator in self.indicators}
