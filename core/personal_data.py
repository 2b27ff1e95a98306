"""One place that knows where personal data lives, for access and erasure requests (GDPR articles 15 and 17).

Each app describes what it stores about a person, found by email address, in a `personal_data.py` module:

    from core.personal_data import PersonalDataSource, register

    @register
    class SignupData(PersonalDataSource):
        label = "Tilmeldinger til informationsmøder"

        def export(self, email):      # -> list of dicts, JSON-serialisable
            ...
        def erase(self, email):       # -> number of records erased or anonymised
            ...

Coordinators run both from the Wagtail admin (core.views.personal_data); every request is audited.
"""

from django.utils.module_loading import autodiscover_modules

_sources = []


class PersonalDataSource:
    label = ""

    def export(self, email):
        raise NotImplementedError

    def erase(self, email):
        raise NotImplementedError


def register(source_class):
    _sources.append(source_class())
    return source_class


def sources():
    autodiscover_modules("personal_data")
    return list(_sources)


def export_person(email):
    """Everything stored about `email`, by source label."""
    return {source.label: source.export(email) for source in sources()}


def erase_person(email):
    """Erase or anonymise everything stored about `email`; returns counts by source label."""
    return {source.label: source.erase(email) for source in sources()}


@register
class OutboxData(PersonalDataSource):
    """Emails we sent: kept for delivery tracking; erasure anonymises recipient and content."""

    label = "E-mails sendt fra platformen"

    def _messages(self, email):
        from .models import OutboxMessage

        return OutboxMessage.objects.filter(recipient__iexact=email)

    def export(self, email):
        return [
            {"subject": m.subject, "status": m.status, "created_at": m.created_at.isoformat(), "body": m.body_text}
            for m in self._messages(email)
        ]

    def erase(self, email):
        return self._messages(email).update(
            recipient=ERASED_EMAIL, subject="[slettet]", body_text="", body_html="", attachments=[], reply_to=""
        )


ERASED_EMAIL = "slettet@anonymiseret.invalid"
