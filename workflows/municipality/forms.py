"""The workspace's forms: asking for a sign-in link, inviting a colleague."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PublicForm

from .models import CasePerson


class SignInForm(PublicForm, forms.Form):
    email = forms.EmailField(label=_("Your work email address"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class InviteForm(PublicForm, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=CasePerson._meta.get_field("name").max_length,
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))
    email = forms.EmailField(label=_("Email address"), max_length=254, widget=forms.EmailInput(
        attrs={"autocomplete": "off"}))

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())
