"""The hidden field every public form carries: people never see it (CSS hides it), spam robots fill it in."""

from django import forms
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website"


def honeypot_field():
    return forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)


def is_spam(form):
    """True if the honeypot was filled in; such a submission is acknowledged but thrown away."""
    return bool(form.data.get(HONEYPOT_FIELD))
