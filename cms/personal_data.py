"""What the public website stores about a person, for access and erasure requests (see core.personal_data)."""

from django.utils import formats, timezone
from wagtail.contrib.forms.models import FormSubmission

from core.personal_data import DELETE, REDACT, Mentions, PersonalDataSource, change, describe, not_personal, register

from .models import Comment, ContactPage, Subscriber

# Contact-form fields are defined by editors; these parts of a field's name say what it holds.
NAME_KEYS = ("navn", "name")
PHONE_KEYS = ("telefon", "phone", "tlf")


def _identifies_sender(key):
    """An answer that says who sent the message (their name or number), not what they wrote."""
    return any(part in key for part in NAME_KEYS + PHONE_KEYS)


@register
class ContactSubmissionData(PersonalDataSource):
    """Contact-form messages. A message is the person's when any answer is their address: it is deleted (messages
    are also removed after the page's retention period). Another's message that mentions them is kept with the
    mentions removed from what was written; the sender's own name and number stay, even when a namesake's. Their
    stored JSON escapes non-ASCII letters on SQLite, so they are read in Python (a few hundred at most, with the
    retention period)."""

    label = "Henvendelser via kontaktformularen"
    covers = ["wagtailforms.FormSubmission.form_data"]

    def _submissions(self):
        return FormSubmission.objects.filter(page__in=ContactPage.objects.values("pk")).select_related(
            "page").order_by("pk")

    @staticmethod
    def _is_own(person, submission):
        return any(person.is_address(str(v)) for v in submission.form_data.values())

    def _own(self, person):
        return [s for s in self._submissions() if self._is_own(person, s)]

    @staticmethod
    def _redacted(person, submission):
        """The message with the person's mentions removed from what the sender wrote."""
        return {key: person.redact(value) if isinstance(value, str) and not _identifies_sender(key) else value
                for key, value in submission.form_data.items()}

    def _mentioning(self, person):
        """(message, redacted answers) of others' messages that mention the person."""
        found = []
        for submission in self._submissions():
            if not self._is_own(person, submission):
                new = self._redacted(person, submission)
                if new != submission.form_data:
                    found.append((submission, new))
        return found

    def identify(self, email):
        names, phones = set(), set()
        for submission in self._submissions():
            if any(str(v).strip().lower() == email.strip().lower() for v in submission.form_data.values()):
                for key, value in submission.form_data.items():
                    if any(part in key for part in NAME_KEYS):
                        names.add(str(value).strip())
                    elif any(part in key for part in PHONE_KEYS):
                        phones.add(str(value).strip())
        return names, phones

    def addresses(self, person):
        """Those who wrote to the agency about the person: the notification of their message (its reply-to) is
        about the person too."""
        return {str(value).strip(): "" for submission, _new in self._mentioning(person)
                for value in submission.form_data.values()
                if isinstance(value, str) and "@" in value and " " not in value.strip()}

    def export(self, person):
        return [{"received": s.submit_time.isoformat(), **s.form_data}
                for s in self._own(person) + [s for s, _new in self._mentioning(person)]]

    @staticmethod
    def _describe(submission):
        received = formats.date_format(timezone.localdate(submission.submit_time))
        return describe(submission, f"{submission.page.title}, {received}")

    def plan(self, person):
        changes = [change(s, DELETE, (), s.delete, record=self._describe(s), values=[s.form_data])
                   for s in self._own(person)]
        for submission, new in self._mentioning(person):
            keys = [key for key, value in new.items() if value != submission.form_data[key]]
            changes.append(change(submission, REDACT, ["form_data"], self._applier(person, submission.pk),
                                  record=self._describe(submission), labels=keys))
        return changes

    def _applier(self, person, pk):
        def apply():
            submission = FormSubmission.objects.filter(pk=pk).first()
            if submission is not None:
                submission.form_data = self._redacted(person, submission)
                submission.save(update_fields=["form_data"])
        return apply


@register
class NewsletterData(PersonalDataSource):
    label = "Tilmelding til nyhedsbrevet"
    covers = ["cms.Subscriber.email", "cms.Subscriber.token"]

    def _subscribers(self, person):
        return Subscriber.objects.filter(email__iexact=person.email).order_by("pk")

    def export(self, person):
        return [
            {"email": s.email, "status": s.status, "signed_up": s.created_at.isoformat(),
             "confirmed": s.confirmed_at.isoformat() if s.confirmed_at else None}
            for s in self._subscribers(person)
        ]

    def plan(self, person):
        return [change(s, DELETE, (), s.delete, record=describe(s, s.get_status_display()),
                       values=[s.email, s.status]) for s in self._subscribers(person)]


@register
class CommentData(PersonalDataSource):
    """Comments on news articles: the person's own are deleted, published or not."""

    label = "Kommentarer til nyheder"
    covers = ["cms.Comment.name", "cms.Comment.email", "cms.Comment.rejection_reason"]  # the row goes whole

    def _comments(self, person):
        return Comment.objects.filter(email__iexact=person.email).select_related("article").order_by("pk")

    def identify(self, email):
        return set(Comment.objects.filter(email__iexact=email).values_list("name", flat=True)), ()

    def export(self, person):
        return [
            {"article": c.article.title, "name": c.name, "comment": c.body, "received": c.created_at.isoformat(),
             "approved": c.approved, "rejection_reason": c.rejection_reason}
            for c in self._comments(person)
        ]

    def plan(self, person):
        return [change(c, DELETE, (), c.delete, record=describe(c, c.article.title), values=[c.name, c.body])
                for c in self._comments(person)]


register(Mentions("Kommentarer, der nævner personen", "cms.Comment.body",
                  describe=lambda comment: comment.article.title))

not_personal(
    # The agency's own published contact details and editorial content, maintained by editors.
    "cms.ContactPerson.name", "cms.ContactPerson.job_title", "cms.ContactPerson.email", "cms.ContactPerson.phone",
    "cms.SiteSettings.organisation", "cms.SiteSettings.address", "cms.SiteSettings.phone", "cms.SiteSettings.email",
    "cms.NewsletterIssue.subject", "cms.NewsletterIssue.body",
    "cms.ContactFormField.clean_name", "cms.ContactFormField.label", "cms.ContactFormField.choices",
    "cms.ContactFormField.default_value", "cms.ContactFormField.help_text",
    "cms.SiteDocument.title", "cms.SiteDocument.file_hash", "cms.NewsCategory.name", "cms.NewsCategory.slug",
)
