"""One place that knows where personal data lives, for access and erasure requests (GDPR articles 15 and 17).

A request is made for an email address. Sources first `identify` the names and phone numbers stored with that
address (a registration's contact person, a comment's author), so that a `Person` is also found where only their
name or number was written down: a staff note, a registration's free-text answers, the body of an email sent to the
agency about them.

Names are not unique, so they count only where the person is: a `Person` also carries their scope, the cases (keys
of the case model, as text) whose records carry their address (`PersonalDataSource.cases`), and the addresses of the
people whose records and emails may be about them (`PersonalDataSource.addresses`: the people of those cases, those
who wrote to the agency about them). In a record bound to a case (`Mentions(..., case="registration")`) the address
is found anywhere, a name or phone number only when the case is in scope; elsewhere only the address is replaced.
The coordinator may add cases to the scope (`find(..., cases=...)`; `other_cases` lists the candidates).

Erasure is planned before it is done: each source `plan`s its changes (`Change`: which record, which case, which
fields, delete / anonymise / remove mentions) and erasure applies exactly that plan. The coordinator sees the plan
(`preview`) and confirms it by its `digest`, so an erasure is refused when the data changed in between.

Each app describes its data in a `personal_data.py` module:

    from core.personal_data import Mentions, PersonalDataSource, not_personal, register

    @register
    class SignupData(PersonalDataSource):
        label = "Tilmeldinger til informationsmøder"
        covers = ["workflows.MeetingSignup.name", "workflows.MeetingSignup.email"]

        def identify(self, email):    # -> (names, phones) stored with the address
        def cases(self, email):       # -> keys of the cases whose records here carry the address (optional)
        def addresses(self, person):  # -> {address: case label} of people whose mail may be about them (optional)
        def plan(self, person):       # -> [Change], each with the function that does it
        def export(self, person):     # -> list of JSON-serialisable dicts

    register(Mentions("Interne noter", "workflows.CaseNote.text", case="registration"))   # found by mention
    not_personal("workflows.Cohort.label", ...)                       # text that never holds personal data

Every text field of the apps' models must be covered by a source or declared not personal; a test
(`uncovered_fields`) fails on a new field until it is, so a future app cannot forget its data. Coordinators run
both from the Wagtail admin (core.views.personal_data); every request is audited (who, when, what, the number of
records per source: never the data).
"""

import hashlib
import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.crypto import salted_hmac
from django.utils.module_loading import autodiscover_modules
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

ERASED = "[slettet]"
ERASED_EMAIL = "slettet@anonymiseret.invalid"
MIN_TERM_LENGTH = 4  # shorter names ("Bo") would match inside other words

# What a change does to its record
DELETE, ANONYMISE, REDACT = "delete", "anonymise", "redact"
ACTIONS = {DELETE: _("Delete"), ANONYMISE: _("Anonymise"), REDACT: _("Remove mentions")}

_sources = []
_not_personal = set()


def _digits(phone):
    return re.sub(r"\D", "", phone)


@dataclass(frozen=True)
class Person:
    """Whom a request is about: the address it was made for, the names and phone numbers found with it, and where
    those names count (`cases`, of which `chosen` were added by the coordinator; `addresses`, pairs of a lower-case
    address and the label of its case, "" for none)."""

    email: str
    names: frozenset = field(default_factory=frozenset)
    phones: frozenset = field(default_factory=frozenset)
    cases: frozenset = field(default_factory=frozenset)
    chosen: frozenset = field(default_factory=frozenset)
    addresses: tuple = ()

    def terms(self, names=True):
        """What identifies the person in free text, longest first (so "Karen Holm" goes before "Karen"); with
        `names=False` only their address."""
        candidates = {self.email}
        if names:
            candidates |= {*self.names, *self.phones, *(_digits(p) for p in self.phones)}
        candidates |= {html.escape(t) for t in candidates}  # as they stand in HTML bodies ("O&#x27;Brien")
        return sorted((t for t in candidates if len(t) >= MIN_TERM_LENGTH and t != ERASED), key=len, reverse=True)

    def mentioned_in(self, *fields, names=True):
        """A filter for rows where any of `fields` mentions the person (only by address with `names=False`)."""
        query = Q(pk__in=[])
        for name in fields:
            for term in self.terms(names):
                query |= Q(**{f"{name}__icontains": term})
        return query

    def redact(self, text, names=True):
        """`text` with every mention of the person replaced by ERASED (phone numbers also with other spacing); with
        `names=False` only their address."""
        if not text:
            return text
        patterns = [re.escape(term) for term in self.terms(names) if not term.isdigit()]
        if names:
            patterns += [r"(?:\+45[\s-]?)?" + r"[\s-]?".join(_digits(phone)) for phone in self.phones
                         if len(_digits(phone)) >= MIN_TERM_LENGTH]
        if not patterns:
            return text
        return re.sub("|".join(f"(?:{p})" for p in patterns), ERASED, text, flags=re.IGNORECASE)

    def is_address(self, value):
        return bool(value) and value.strip().lower() == self.email.strip().lower()

    def names_count_in(self, case_key):
        """Whether the person's names and phone numbers count in a record of the case `case_key`."""
        return case_key is not None and str(case_key) in self.cases

    def case_of_address(self, value):
        """The label of the case an address belongs to ("" for none) when mail to it may be about the person;
        None when it may not."""
        return dict(self.addresses).get((value or "").strip().lower())


@dataclass
class Change:
    """One record that an erasure deletes or changes, as the coordinator sees it before confirming: `record` says
    which (without the personal data), `case` the case it belongs to, `labels` the fields that change. `fields`
    (the model's field names) and `apply` are for the machine; `fingerprint` changes whenever the data does."""

    record: str
    action: str
    fields: tuple
    labels: list
    apply: Callable = field(repr=False, compare=False)
    model: str = ""
    pk: object = None
    case: str = ""
    note: str = ""
    fingerprint: str = ""
    source: str = ""

    @property
    def action_label(self):
        return ACTIONS[self.action]


def change(row, action, fields, apply, *, record, case="", note="", labels=None, values=None):
    """A `Change` of a model row: `fields` change (for a deletion: none, the row goes), `values` are what the
    fingerprint covers (by default the fields' current values)."""
    model = type(row)
    if labels is None:
        labels = [capfirst(model._meta.get_field(name).verbose_name) for name in fields] if fields else [
            _("The whole record")]
    if values is None:
        values = [getattr(row, name) for name in fields]
    return Change(
        record=record, action=action, fields=tuple(fields), labels=list(labels), apply=apply,
        model=model._meta.label, pk=row.pk, case=case or "", note=note,
        fingerprint=_fingerprint(model._meta.label, row.pk, action, fields, values),
    )


def _fingerprint(*parts):
    return hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()


def describe(row, detail=None):
    """How a record is named in a preview: its kind and `detail` (which must not be personal data), else its id."""
    kind = capfirst(type(row)._meta.verbose_name)
    return f"{kind}: {detail}" if detail else f"{kind} #{row.pk}"


def follow(row, path):
    """The object at the end of an ORM path ("course__registration"; "pk" is the row itself)."""
    if path == "pk":
        return row
    for part in path.split("__"):
        row = getattr(row, part, None)
        if row is None:
            return None
    return row


class PersonalDataSource:
    label = ""
    covers = []  # "app_label.Model.field" of every field this source finds and erases

    def identify(self, email):
        """The (names, phones) this source stores together with `email`."""
        return (), ()

    def cases(self, email):
        """Keys of the cases whose records in this source carry `email`: there the person's names count."""
        return ()

    def addresses(self, person):
        """{address: case label} of the people whose records and emails may be about `person` ("" for no case)."""
        return {}

    def other_cases(self, person):
        """{case key: case label} of cases outside the person's own scope where their names or phone numbers
        appear in this source: the coordinator may add them."""
        return {}

    def plan(self, person):
        """The `Change`s an erasure makes, each with the function that makes it."""
        raise NotImplementedError

    def export(self, person):
        raise NotImplementedError

    def erase(self, person):
        """Do what `plan` says; returns the number of records deleted or changed."""
        changes = self.plan(person)
        for planned in changes:
            planned.apply()
        return len(changes)


class Mentions(PersonalDataSource):
    """Free-text fields where anyone may have written about the person; erasure replaces each mention with ERASED
    and keeps the rest of the text.

    `case` is the ORM path from the model to its case ("registration", "course__registration", "pk" for the case
    itself). In a case-bound record the person's address is found anywhere, their names and phone numbers only when
    the case is in their scope (a quoted address puts it there); without `case`, names count everywhere.
    `describe(row)` names a record in the preview without its personal data (by default its kind and id)."""

    def __init__(self, label, *fields, case=None, describe=None):
        self.label = label
        self.covers = list(fields)
        model_label = {name.rsplit(".", 1)[0] for name in fields}
        assert len(model_label) == 1, "one model per Mentions source"
        self.model_label = model_label.pop()
        self.fields = [name.rsplit(".", 1)[1] for name in fields]
        self.case_path = case
        self.detail = describe

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def _candidates(self, person, names=True):
        rows = self.model._default_manager.filter(person.mentioned_in(*self.fields, names=names)).order_by("pk")
        if self.case_path and self.case_path != "pk":
            rows = rows.select_related(self.case_path)
        return rows

    def _case(self, row):
        return follow(row, self.case_path) if self.case_path else None

    def _names_count(self, person, row):
        if not self.case_path:
            return True
        case = self._case(row)
        return case is not None and person.names_count_in(case.pk)

    def _redacted(self, person, row):
        """{field: new text} of the fields that change."""
        names = self._names_count(person, row)
        new = {name: person.redact(getattr(row, name), names=names) for name in self.fields}
        return {name: text for name, text in new.items() if text != getattr(row, name)}

    def _describe(self, row):
        return describe(row, self.detail(row) if self.detail else None)

    def cases(self, email):
        if not self.case_path:
            return ()
        key = "pk" if self.case_path == "pk" else self.case_path
        person = Person(email.strip())
        return {str(k) for k in self._candidates(person, names=False).values_list(key, flat=True) if k is not None}

    def other_cases(self, person):
        if not self.case_path:
            return {}
        own = replace(person, cases=person.cases - person.chosen)
        found = {}
        for row in self._candidates(person):
            case = self._case(row)
            if case is not None and not own.names_count_in(case.pk) and str(case.pk) not in found:
                if any(person.redact(getattr(row, name)) != getattr(row, name) for name in self.fields):
                    found[str(case.pk)] = str(case)
        return found

    def _rows(self, person):
        """(row, {field: new text}) of the rows that mention the person."""
        for row in self._candidates(person):
            new = self._redacted(person, row)
            if new:
                yield row, new

    def plan(self, person):
        labels = {}  # case pk -> label, each case described once
        changes = []
        for row, new in self._rows(person):
            case = self._case(row)
            if case is not None and case.pk not in labels:
                labels[case.pk] = str(case)
            changes.append(change(row, REDACT, list(new), self._applier(person, row, list(new)),
                                  record=self._describe(row), case=labels.get(getattr(case, "pk", None), "")))
        return changes

    def _applier(self, person, row, fields):
        def apply():
            current = self.model._default_manager.filter(pk=row.pk).first()
            if current is None:  # deleted by another source of the same erasure
                return
            names = self._names_count(person, row)
            for name in fields:
                setattr(current, name, person.redact(getattr(current, name), names=names))
            self.save(current, fields)
        return apply

    def save(self, row, fields):
        row.save(update_fields=fields)

    def export(self, person):
        return [{"id": row.pk, **{name: getattr(row, name) for name in self.fields}}
                for row, _new in self._rows(person)]


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


def find(email, names=(), phones=(), cases=()):
    """The person behind `email`, with the names and phones the sources know (and any given by the requester), the
    cases where those count (and any the coordinator adds, `cases`) and the addresses of the people around them."""
    email = email.strip()
    found_names, found_phones = set(filter(None, names)), set(filter(None, phones))
    found_cases = set()
    for source in sources():
        more_names, more_phones = source.identify(email)
        found_names.update(name for name in more_names if name and name != ERASED)
        found_phones.update(phone for phone in more_phones if phone)
        found_cases.update(str(key) for key in source.cases(email))
    chosen = frozenset(str(key) for key in cases if key) - found_cases
    person = Person(email, frozenset(found_names), frozenset(found_phones), frozenset(found_cases | chosen), chosen)
    addresses = {}
    for source in sources():
        for address, case in source.addresses(person).items():
            address = (address or "").strip().lower()
            if address and address != ERASED_EMAIL and not person.is_address(address):
                addresses.setdefault(address, case or "")
    return replace(person, addresses=tuple(sorted(addresses.items())))


def _person(person):
    return person if isinstance(person, Person) else find(person)


def export_person(person):
    """Everything stored about `person` (a Person, or an email address), by source label."""
    person = _person(person)
    return {source.label: source.export(person) for source in sources()}


def preview(person):
    """Every change an erasure of `person` makes, source by source. A record one source deletes is left out of the
    others' changes (it is gone)."""
    person = _person(person)
    changes = []
    for source in sources():
        for planned in source.plan(person):
            planned.source = source.label
            changes.append(planned)
    deleted = {(c.model, c.pk) for c in changes if c.action == DELETE}
    return [c for c in changes if c.action == DELETE or (c.model, c.pk) not in deleted]


def other_cases(person):
    """{case key: label} of the cases where the person's names or phone numbers appear but that nothing ties to
    their address (and those the coordinator has added): candidates for the scope."""
    found = {}
    for source in sources():
        found.update(source.other_cases(person))
    return dict(sorted(found.items(), key=lambda item: item[1]))


def digest(person, changes):
    """What the coordinator confirmed: the person and the exact changes. It changes when the data does."""
    payload = json.dumps([person.email.lower(), sorted(person.names), sorted(person.phones), sorted(person.cases),
                          [(c.source, c.fingerprint) for c in changes]])
    return salted_hmac("core.personal_data.preview", payload, algorithm="sha256").hexdigest()


class StalePreview(Exception):
    """The data changed after the coordinator saw what erasure would do: nothing was erased."""


def counts(changes):
    """The number of records per source label (every source, zeros included): what the audit keeps."""
    result = {source.label: 0 for source in sources()}
    for planned in changes:
        result[planned.source] = result.get(planned.source, 0) + 1
    return result


def erase_person(person, expected_digest=None):
    """Erase or anonymise everything stored about `person` (a Person, or an address: identified first, since the
    names and phones are found through the records that erasure removes), exactly as `preview` lists it; returns
    the number of records by source label. With `expected_digest`, raises StalePreview (and changes nothing) unless
    the plan is still the one previewed."""
    person = _person(person)
    with transaction.atomic():
        changes = preview(person)
        if expected_digest is not None and expected_digest != digest(person, changes):
            raise StalePreview
        for planned in changes:
            planned.apply()
    return counts(changes)


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


OUTBOX_TEXT = ["subject", "body_text", "body_html", "last_error"]
OUTBOX_FIELDS = ["recipient", "reply_to", *OUTBOX_TEXT, "attachments"]


@register
class OutboxData(PersonalDataSource):
    """Emails we sent. Kept for delivery tracking: a message to the person is blanked; one about them (they are
    its reply-to, as in the contact form's notification to the agency, or it quotes their address) or to someone
    whose records may be about them (`Person.addresses`: the people of their cases, those who wrote to the agency
    about them) has every mention removed. Any other message is left alone, so an unrelated namesake's mail is."""

    label = "E-mails sendt fra platformen"
    covers = ["core.OutboxMessage.recipient", "core.OutboxMessage.reply_to", "core.OutboxMessage.subject",
              "core.OutboxMessage.body_text", "core.OutboxMessage.body_html", "core.OutboxMessage.attachments",
              "core.OutboxMessage.last_error"]  # a provider's error may quote the address

    def _candidates(self, person):
        from .models import OutboxMessage

        return OutboxMessage.objects.filter(
            Q(recipient__iexact=person.email) | Q(reply_to__iexact=person.email) | person.mentioned_in(*OUTBOX_TEXT)
        ).order_by("pk")

    @staticmethod
    def _erased(person, message):
        """{field: new value} of the fields that change."""
        new = {}
        if person.is_address(message.recipient):
            new = {"recipient": ERASED_EMAIL, "subject": ERASED, "body_text": "", "body_html": "", "attachments": []}
        if person.is_address(message.reply_to):
            new["reply_to"] = ""
        names = (person.is_address(message.recipient) or person.is_address(message.reply_to)
                 or person.case_of_address(message.recipient) is not None
                 or person.case_of_address(message.reply_to) is not None
                 or any(person.redact(getattr(message, name), names=False) != getattr(message, name)
                        for name in OUTBOX_TEXT))  # a message that quotes their address is about them
        for name in OUTBOX_TEXT:
            new[name] = person.redact(new.get(name, getattr(message, name)), names=names)
        return {name: value for name, value in new.items() if value != getattr(message, name)}

    def _messages(self, person):
        for message in self._candidates(person):
            new = self._erased(person, message)
            if new:
                yield message, new

    def export(self, person):
        return [
            {"to": m.recipient, "reply_to": m.reply_to, "subject": m.subject, "status": m.status,
             "created_at": m.created_at.isoformat(), "body": m.body_text}
            for m, _new in self._messages(person)
        ]

    def plan(self, person):
        changes = []
        for message, new in self._messages(person):
            fields = [name for name in OUTBOX_FIELDS if name in new]
            case = person.case_of_address(message.recipient) or person.case_of_address(message.reply_to) or ""
            when = timezone.localtime(message.created_at)
            changes.append(change(
                message, ANONYMISE if person.is_address(message.recipient) else REDACT, fields,
                self._applier(person, message.pk, fields), case=case,
                record=describe(message, f"{formats.localize(when)} ({message.template})"),
            ))
        return changes

    def _applier(self, person, pk, fields):
        def apply():
            from .models import OutboxMessage

            message = OutboxMessage.objects.filter(pk=pk).first()
            if message is None:
                return
            new = self._erased(person, message)
            for name, value in new.items():
                setattr(message, name, value)
            message.save(update_fields=sorted(set(fields) | set(new)))
        return apply


not_personal(
    "core.OutboxMessage.template", "core.OutboxMessage.provider_message_id",
    "core.ScheduledJob.name", "core.ScheduledJob.last_error",
    "core.PersonalDataRequest.email_sha256", "core.PersonalDataRequest.result",  # a hash and counts, by design
    # A visitor's address and a form's name, kept ten minutes at most (core.jobs prunes them), never tied to a name
    # or an email address, so no request can find it.
    "core.RateLimitCounter.key",
)
