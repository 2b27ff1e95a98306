"""The workspace's forms: asking for a sign-in link, inviting a colleague, writing to the agency and uploading a
document."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PublicForm
from core.uploads import UploadField, UploadsField, UploadsForm

from ..course.documents import CourseDocument
from ..registration.models import CaseMessage
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


class MessageForm(UploadsForm, PublicForm, forms.Form):
    body = forms.CharField(label=_("Message"), max_length=CaseMessage._meta.get_field("body").max_length,
                           widget=forms.Textarea(attrs={"rows": 8}))
    files = UploadsField(label=_("Attachments"), required=False)


class DocumentForm(UploadsForm, PublicForm, forms.Form):
    kind = forms.ChoiceField(label=_("What is it?"), choices=CourseDocument.Kind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), max_length=CourseDocument._meta.get_field("title").max_length)
    file = UploadField(label=_("File"))

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())
