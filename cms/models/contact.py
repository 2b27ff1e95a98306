"""The contact form: a Wagtail form page, so editors choose the fields and topics and staff read and export the
submissions in the admin. Submissions go to the agency through the email outbox and are deleted after the page's
retention period (cms.jobs)."""

from datetime import timedelta

from django.db import models
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import BaseForm, FormBuilder
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField, FormSubmission
from wagtail.contrib.forms.panels import FormSubmissionsPanel

from core import ratelimit
from core.email import send_email
from core.forms import PublicForm

from ..honeypot import HONEYPOT_FIELD, honeypot_field, is_spam
from .base import SitePage, apply_cache_headers

SENT_PARAM = "sendt"


class ContactFormField(AbstractFormField):
    page = ParentalKey("cms.ContactPage", on_delete=models.CASCADE, related_name="form_fields")


# The most a visitor may type into a field of the contact form. Wagtail limits a one-line field to 255 characters
# and an email address is at most 320; the rest had no limit at all (an 8 MB message was stored and mailed).
MESSAGE_MAX_LENGTH = 5000
URL_MAX_LENGTH = 2000
HIDDEN_MAX_LENGTH = 255


class HoneypotFormBuilder(FormBuilder):
    """The editor's fields plus the hidden honeypot every public form has. Every text field has a maximum, refused
    by the server with a Danish message; the message field shows it and counts down (core.forms.PublicForm)."""

    @property
    def formfields(self):
        return {**super().formfields, HONEYPOT_FIELD: honeypot_field()}

    def create_multiline_field(self, field, options):
        return super().create_multiline_field(field, {**options, "max_length": MESSAGE_MAX_LENGTH})

    def create_url_field(self, field, options):
        return super().create_url_field(field, {**options, "max_length": URL_MAX_LENGTH})

    def create_hidden_field(self, field, options):
        return super().create_hidden_field(field, {**options, "max_length": HIDDEN_MAX_LENGTH})

    def get_form_class(self):
        return type("WagtailForm", (PublicForm, BaseForm), self.formfields)


class ContactPage(AbstractEmailForm, SitePage):
    """Where citizens and municipal staff write to the agency.

    The page always tells people not to send CPR numbers or health details; a hidden honeypot and a per-visitor
    rate limit keep robots out without cookies or third-party services.
    """

    intro = models.TextField(_("introduction"), blank=True)
    thank_you_text = models.TextField(_("thank-you text"), blank=True)
    retention_days = models.PositiveIntegerField(
        _("keep submissions for (days)"), default=180,
        help_text=_("Submissions older than this are deleted automatically."),
    )

    form_builder = HoneypotFormBuilder
    content_panels = SitePage.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("to_address"), FieldPanel("subject")]), FieldPanel("retention_days")],
            heading=_("Submissions"),
        ),
    ]

    class Meta:
        verbose_name = _("contact form")

    def get_submissions_list_view_class(self):
        """The submissions hold what visitors wrote: the export neutralises formulas and is for coordinators only.
        Imported here because the admin's views load the page model, which is not ready while models load."""
        from core.exports import SubmissionsListView

        return SubmissionsListView

    def serve(self, request, *args, **kwargs):
        if request.method != "POST":
            if request.GET.get(SENT_PARAM) == "1":
                return apply_cache_headers(request, self.render_landing_page(request))  # the thanks, after the redirect
            return apply_cache_headers(request, super().serve(request, *args, **kwargs))
        # Wagtail's handling of a POST, with the rate limit's two counts around the validation.
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        ratelimit.check(request, "contact", form)
        if form.is_valid() and ratelimit.accept(request, "contact", form):
            response = self.render_landing_page(request, self.process_form_submission(form), *args, **kwargs)
        else:
            context = {**self.get_context(request), "form": form}
            response = TemplateResponse(request, self.get_template(request), context)
        return apply_cache_headers(request, response)

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        """After a sent form, redirect to the thanks (Post/Redirect/Get), so reloading it sends nothing again.

        The thanks is the page's address with `?sendt=1`: no cookie is needed to carry the state, and it says the
        same to everyone (spam thrown away by the honeypot included), so the page cache may keep it.
        """
        if request.method == "POST":
            return HttpResponseRedirect(f"{self.get_url(request)}?{SENT_PARAM}=1")
        return super().render_landing_page(request, form_submission, *args, **kwargs)  # the editor's preview

    def process_form_submission(self, form):
        if is_spam(form):
            return None  # thank the robot, keep nothing
        form.cleaned_data.pop(HONEYPOT_FIELD, None)
        return super().process_form_submission(form)

    def send_mail(self, form):
        form_fields = list(self.get_form_fields())
        data = form.cleaned_data
        emails = [data[f.clean_name] for f in form_fields if f.field_type == "email" and data[f.clean_name]]
        fields = [(f.label, data[f.clean_name]) for f in form_fields]
        # The subject says what the message is about: the page's subject (set by the editor), and the topic the
        # visitor chose when the form offers one.
        topic = next((data[f.clean_name] for f in form_fields if f.field_type in ("dropdown", "radio")
                      and data.get(f.clean_name)), "")
        context = {"subject": self.subject or self.title, "topic": topic, "fields": fields}
        reply_to = emails[0] if emails else ""
        for address in filter(None, (a.strip() for a in self.to_address.split(","))):
            send_email(to=address, template="contact_submission", context=context, reply_to=reply_to)

    def expired_submissions(self, now=None):
        cutoff = (now or timezone.now()) - timedelta(days=self.retention_days)
        return FormSubmission.objects.filter(page=self, submit_time__lt=cutoff)
