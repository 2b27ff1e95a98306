"""What the public website stores about a person, for access and erasure requests (see core.personal_data)."""

from wagtail.contrib.forms.models import FormSubmission

from core.personal_data import PersonalDataSource, register

from .models import Comment, ContactPage, Subscriber


@register
class ContactSubmissionData(PersonalDataSource):
    """Contact-form messages, whose fields editors define: a message is the person's when any answer is the
    address. They are deleted (they are also removed after the page's retention period)."""

    label = "Henvendelser via kontaktformularen"

    def _submissions(self, email):
        wanted = email.strip().lower()
        pages = ContactPage.objects.values_list("pk", flat=True)
        return [
            submission
            for submission in FormSubmission.objects.filter(page__in=pages)
            if any(str(value).strip().lower() == wanted for value in submission.form_data.values())
        ]

    def export(self, email):
        return [{"received": s.submit_time.isoformat(), **s.form_data} for s in self._submissions(email)]

    def erase(self, email):
        submissions = self._submissions(email)
        FormSubmission.objects.filter(pk__in=[s.pk for s in submissions]).delete()
        return len(submissions)


@register
class NewsletterData(PersonalDataSource):
    label = "Tilmelding til nyhedsbrevet"

    def export(self, email):
        return [
            {"email": s.email, "status": s.status, "signed_up": s.created_at.isoformat(),
             "confirmed": s.confirmed_at.isoformat() if s.confirmed_at else None}
            for s in Subscriber.objects.filter(email__iexact=email)
        ]

    def erase(self, email):
        count, _ = Subscriber.objects.filter(email__iexact=email).delete()
        return count


@register
class CommentData(PersonalDataSource):
    """Comments on news articles: erasure deletes them, published or not."""

    label = "Kommentarer til nyheder"

    def export(self, email):
        return [
            {"article": c.article.title, "name": c.name, "comment": c.body, "received": c.created_at.isoformat(),
             "approved": c.approved}
            for c in Comment.objects.filter(email__iexact=email).select_related("article")
        ]

    def erase(self, email):
        count, _ = Comment.objects.filter(email__iexact=email).delete()
        return count
