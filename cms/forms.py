"""The two plain public forms: news comments and the newsletter sign-up (the contact form is a Wagtail form page)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .honeypot import honeypot_field
from .models import Comment


class CommentForm(forms.ModelForm):
    website = honeypot_field()

    class Meta:
        model = Comment
        fields = ["name", "email", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}


class NewsletterForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = honeypot_field()
