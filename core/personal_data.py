"""One place that knows where personal data lives, for access and erasure requests (GDPR articles 15 and 17).

A request is made for an email address. Sources first `identify` the names and phone numbers stored with that
address (a registration's contact person, a comment's author), so that a `Person` is also found where only their
name or number was written down: a staff note, a registration's free-text answers, the body of an email sent to the
agency about them. Then each source exports or erases what it holds about that person.

Each app describes its data in a `personal_data.py` module:

    from core.personal_data import Mentions, PersonalDataSource, not_personal, register

    @register
    class SignupData(PersonalDataSource):
        label = "Tilmeldinger til informationsmøder"
        covers = ["workflows.MeetingSignup.name", "workflows.MeetingSignup.email"]

        def identify(self, email):    # -> (names, phones) stored with the address
        def export(self, person):     # -> list of JSON-serialisable dicts
        def erase(self, person):      # -> number of records erased or anonymised

    register(Mentions("Interne noter", "workflows.CaseNote.text"))   # free text: found and redacted by mention
    not_personal("workflows.Cohort.label", ...)                       # text that never holds personal data

Every text field of the apps' models must be covered by a source or declared not personal; a test
(`uncovered_fields`) fails on a new field until it is, so a future app cannot forget its data. Coordinators run
both from the Wagtail admin (core.views.personal_data); every request is audited.
"""

import html
import re
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils.module_loading import autodiscover_modules

ERASED = "[slettet]"
ERASED_EMAIL = "slettet@anonymiseret.invalid"
MIN_TERM_LENGTH = 4  # shorter names ("Bo") would match inside other words

_sources = []
_not_personal = set()


def _digits(phone):
    return re.sub(r"\D", "", phone)


@dataclass(frozen=True)
class Person:
    """Whom a request is about: the address it was made for and the names and phone numbers found with it."""

    email: str
    names: frozenset = field(default_factory=frozenset)
    phones: frozenset = field(default_factory=frozenset)

    def terms(self):
        """What identifies the person in free text, longest first (so "Karen Holm" goes before "Karen")."""
        candidates = {self.email, *self.names, *self.phones, *(_digits(p) for p in self.phones)}
        candidates |= {html.escape(t) for t in candidates}  # as they stand in HTML bodies ("O&#x27;Brien")
        return sorted((t for t in candidates if len(t) >= MIN_TERM_LENGTH and t != ERASED), key=len, reverse=True)

    def mentioned_in(self, *fields):
        """A filter for rows where any of `fields` mentions the person."""
        query = Q(pk__in=[])
        for name in fields:
            for term in self.terms():
                query |= Q(**{f"{name}__icontains": term})
        return query

    def redact(self, text):
        """`text` with every mention of the person replaced by ERASED (phone numbers also with other spacing)."""
        if not text:
            return text
        patterns = [re.escape(term) for term in self.terms() if not term.isdigit()]
        patterns += [r"(?:\+45[\s-]?)?" + r"[\s-]?".join(_digits(phone)) for phone in self.phones
                     if len(_digits(phone)) >= MIN_TERM_LENGTH]
        if not patterns:
            return text
        return re.sub("|".join(f"(?:{p})" for p in patterns), ERASED, text, flags=re.IGNORECASE)

    def is_address(self, value):
        return bool(value) and value.strip().lower() == self.email.strip().lower()


class PersonalDataSource:
    label = ""
    covers = []  # "app_label.Model.field" of every field this source finds and erases

    def identify(self, email):
        """The (names, phones) this source stores together with `email`."""
        return (), ()

    def export(self, person):
        raise NotImplementedError

    def erase(self, person):
        raise NotImplementedError


class Mentions(PersonalDataSource):
    """Free-text fields where anyone may have written about the person: found by any mention of their address,
    name or phone number; erasure replaces each mention with ERASED and keeps the rest of the text."""

    def __init__(self, label, *fields):
        self.label = label
        self.covers = list(fields)
        model_label = {name.rsplit(".", 1)[0] for name in fields}
        assert len(model_label) == 1, "one model per Mentions source"
        self.model_label = model_label.pop()
        self.fields = [name.rsplit(".", 1)[1] for name in fields]

    def _rows(self, person):
        model = apps.get_model(self.model_label)
        return model._default_manager.filter(person.mentioned_in(*self.fields)).order_by("pk")

    def export(self, person):
        return [{"id": row.pk, **{name: getattr(row, name) for name in self.fields}} for row in self._rows(person)]

    def erase(self, person):
        count = 0
        for row in self._rows(person):
            for name in self.fields:
                setattr(row, name, person.redact(getattr(row, name)))
            row.save(update_fields=self.fields)
            count += 1
        return count


def register(source):
    """Register a source: a PersonalDataSource subclass (used as a class decorator) or an instance."""
    _sources.append(source() if isinstance(source, type) else source)
    return source


def not_personal(*field_labels):
    """Declare text fields that never hold personal data ("app_label.Model.field")."""
    _not_personal.update(field_labels)


def sources():
    autodiscover_modules("personal_data")
    return list(_sources)


def find(email, names=(), phones=()):
    """The person behind `email`, with the names and phones the sources know (and any given by the requester)."""
    found_names, found_phones = set(filter(None, names)), set(filter(None, phones))
    for source in sources():
        more_names, more_phones = source.identify(email)
        found_names.update(name for name in more_names if name and name != ERASED)
        found_phones.update(phone for phone in more_phones if phone)
    return Person(email.strip(), frozenset(found_names), frozenset(found_phones))


def export_person(person):
    """Everything stored about `person` (a Person, or an email address), by source label."""
    person = person if isinstance(person, Person) else find(person)
    return {source.label: source.export(person) for source in sources()}


def erase_person(person):
    """Erase or anonymise everything stored about `person`; returns counts by source label. Identify first: the
    names and phones are found through the records that erasure removes."""
    person = person if isinstance(person, Person) else find(person)
    return {source.label: source.erase(person) for source in sources()}


TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def uncovered_fields(app_labels=("core", "cms", "workflows"), extra_models=("wagtailforms.FormSubmission",)):
    """Text fields of the apps' models (Wagtail pages aside: editors' content) that no source covers and that are
    not declared free of personal data. Choice fields are codes, not text, and are left out."""
    from wagtail.models import Page

    covered = {label for source in sources() for label in source.covers} | _not_personal
    model_list = [m for app in app_labels for m in apps.get_app_config(app).get_models() if not issubclass(m, Page)]
    model_list += [apps.get_model(label) for label in extra_models]
    return sorted(
        f"{model._meta.label}.{f.name}"
        for model in model_list for f in model._meta.get_fields()
        if f.concrete and isinstance(f, TEXT_FIELDS) and not f.choices
        and f"{model._meta.label}.{f.name}" not in covered
    )


@register
class OutboxData(PersonalDataSource):
    """Emails we sent: to the person, or to the agency about them (the contact form's notification, with the
    person as reply-to and their message in the body). Kept for delivery tracking; erasure blanks the messages
    addressed to the person and removes every mention from the others."""

    label = "E-mails sendt fra platformen"
    covers = ["core.OutboxMessage.recipient", "core.OutboxMessage.reply_to", "core.OutboxMessage.subject",
              "core.OutboxMessage.body_text", "core.OutboxMessage.body_html", "core.OutboxMessage.attachments",
              "core.OutboxMessage.last_error"]  # a provider's error may quote the address

    def _messages(self, person):
        from .models import OutboxMessage

        return OutboxMessage.objects.filter(
            Q(recipient__iexact=person.email) | Q(reply_to__iexact=person.email)
            | person.mentioned_in("subject", "body_text", "body_html", "last_error")
        ).order_by("pk")

    def export(self, person):
        return [
            {"to": m.recipient, "reply_to": m.reply_to, "subject": m.subject, "status": m.status,
             "created_at": m.created_at.isoformat(), "body": m.body_text}
            for m in self._messages(person)
        ]

    def erase(self, person):
        count = 0
        for message in self._messages(person):
            if person.is_address(message.recipient):
                message.recipient, message.subject = ERASED_EMAIL, ERASED
                message.body_text = message.body_html = ""
                message.attachments = []
            if person.is_address(message.reply_to):
                message.reply_to = ""
            message.subject = person.redact(message.subject)
            message.body_text = person.redact(message.body_text)
            message.body_html = person.redact(message.body_html)
            message.last_error = person.redact(message.last_error)
            message.save(update_fields=["recipient", "reply_to", "subject", "body_text", "body_html", "attachments",
                                        "last_error"])
            count += 1
        return count


not_personal(
    "core.OutboxMessage.template", "core.OutboxMessage.provider_message_id",
    "core.ScheduledJob.name", "core.ScheduledJob.last_error",
    "core.PersonalDataRequest.email_sha256", "core.PersonalDataRequest.result",  # a hash and counts, by design
    # A visitor's address and a form's name, kept ten minutes at most (core.jobs prunes them), never tied to a name
    # or an email address, so no request can find it.
    "core.RateLimitCounter.key",
)
