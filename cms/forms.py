"""The two plain public forms: news comments and the newsletter sign-up (the contact form is a Wagtail form page).

Every text field has a maximum (the model's, or the field's own), refused by the server with a Danish message;
a text area shows it and counts down (core.forms.PublicForm)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PublicForm

from .honeypot import honeypot_field
from .models import Comment


class CommentForm(PublicForm, forms.ModelForm):
    website = honeypot_field()

    class Meta:
        model = Comment
        fields = ["name", "email", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}


class NewsletterForm(PublicForm, forms.Form):
    email = forms.EmailField(
        label=_("Your email address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = honeypot_field()


class CommentRejectionForm(forms.ModelForm):
    """An editor rejects a comment with a reason the commenter is sent (required, at most the model's 1,000)."""

    class Meta:
        model = Comment
        fields = ["rejection_reason"]
        widgets = {"rejection_reason": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"rejection_reason": {"required": _("Write why the comment is not shown.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rejection_reason"].required = True
