"""What the public website stores about a person, for access and erasure requests (see core.personal_data)."""

from wagtail.contrib.forms.models import FormSubmission

from core.personal_data import Mentions, PersonalDataSource, not_personal, register

from .models import Comment, ContactPage, Subscriber

# Contact-form fields are defined by editors; these parts of a field's name say what it holds.
NAME_KEYS = ("navn", "name")
PHONE_KEYS = ("telefon", "phone", "tlf")


@register
class ContactSubmissionData(PersonalDataSource):
    """Contact-form messages. A message is the person's when any answer is their address: it is deleted (messages
    are also removed after the page's retention period). Another's message that mentions them is kept with the
    mentions removed. Their stored JSON escapes non-ASCII letters on SQLite, so they are read in Python (a few
    hundred at most, with the retention period)."""

    label = "Henvendelser via kontaktformularen"
    covers = ["wagtailforms.FormSubmission.form_data"]

    def _submissions(self):
        return FormSubmission.objects.filter(page__in=ContactPage.objects.values("pk")).order_by("pk")

    def _own(self, person):
        return [s for s in self._submissions() if any(person.is_address(str(v)) for v in s.form_data.values())]

    def _mentioning(self, person):
        own = {s.pk for s in self._own(person)}
        return [s for s in self._submissions() if s.pk not in own
                and any(person.redact(str(v)) != str(v) for v in s.form_data.values())]

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

    def export(self, person):
        return [{"received": s.submit_time.isoformat(), **s.form_data}
                for s in self._own(person) + self._mentioning(person)]

    def erase(self, person):
        own, mentioning = self._own(person), self._mentioning(person)
        FormSubmission.objects.filter(pk__in=[s.pk for s in own]).delete()
        for submission in mentioning:
            submission.form_data = {
                key: person.redact(value) if isinstance(value, str) else value
                for key, value in submission.form_data.items()
            }
            submission.save(update_fields=["form_data"])
        return len(own) + len(mentioning)


@register
class NewsletterData(PersonalDataSource):
    label = "Tilmelding til nyhedsbrevet"
    covers = ["cms.Subscriber.email", "cms.Subscriber.token"]

    def export(self, person):
        return [
            {"email": s.email, "status": s.status, "signed_up": s.created_at.isoformat(),
             "confirmed": s.confirmed_at.isoformat() if s.confirmed_at else None}
            for s in Subscriber.objects.filter(email__iexact=person.email)
        ]

    def erase(self, person):
        count, _ = Subscriber.objects.filter(email__iexact=person.email).delete()
        return count


@register
class CommentData(PersonalDataSource):
    """Comments on news articles: the person's own are deleted, published or not."""

    label = "Kommentarer til nyheder"
    covers = ["cms.Comment.name", "cms.Comment.email"]

    def identify(self, email):
        return set(Comment.objects.filter(email__iexact=email).values_list("name", flat=True)), ()

    def export(self, person):
        return [
            {"article": c.article.title, "name": c.name, "comment": c.body, "received": c.created_at.isoformat(),
             "approved": c.approved}
            for c in Comment.objects.filter(email__iexact=person.email).select_related("article")
        ]

    def erase(self, person):
        count, _ = Comment.objects.filter(email__iexact=person.email).delete()
        return count


register(Mentions("Kommentarer, der nævner personen", "cms.Comment.body"))

not_personal(
    # The agency's own published contact details and editorial content, maintained by editors.
    "cms.ContactPerson.name", "cms.ContactPerson.job_title", "cms.ContactPerson.email", "cms.ContactPerson.phone",
    "cms.SiteSettings.organisation", "cms.SiteSettings.address", "cms.SiteSettings.phone", "cms.SiteSettings.email",
    "cms.NewsletterIssue.subject", "cms.NewsletterIssue.body",
    "cms.ContactFormField.clean_name", "cms.ContactFormField.label", "cms.ContactFormField.choices",
    "cms.ContactFormField.default_value", "cms.ContactFormField.help_text",
    "cms.SiteDocument.title", "cms.SiteDocument.file_hash", "cms.NewsCategory.name", "cms.NewsCategory.slug",
)
