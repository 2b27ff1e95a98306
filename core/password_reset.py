"""Wagtail's "forgot your password?" (Django's PasswordResetForm underneath) sends its email through the outbox
(core.email), like every other email: stored, delivered by the worker after the request commits, retried when the
provider fails. Django's own `send_mail` handed it straight to the provider inside the request, so an SMTP error
(451, "try again later") lost the link while the page said it had been sent.

Wagtail reads the form from WAGTAILADMIN_USER_PASSWORD_RESET_FORM (config/settings/base.py). The link is built
from the site's address (BASE_URL), never from the request's Host header."""

from django.conf import settings
from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm

from .email import send_email


class PasswordResetForm(WagtailPasswordResetForm):
    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        send_email(to=to_email, template="password_reset", context={
            "user": context["user"], "uid": context["uid"], "token": context["token"],
            "valid_days": max(settings.PASSWORD_RESET_TIMEOUT // 86400, 1),
        })
