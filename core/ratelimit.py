"""Limits on the public forms, per visitor address (core.clientip) and per form, over ten minutes.

Two counts for each form ("scope"):

- `check()` counts every attempt, valid or not, before validation: a generous limit against floods
  (PUBLIC_FORM_ATTEMPT_LIMIT), so a municipal employee who corrects a form a few times is never stopped by it.
- `accept()` counts the submissions the site acts on (stores, emails), once the form is valid and just before
  acting (PUBLIC_FORM_RATE_LIMIT). Colleagues behind one municipal network share an address, so only what was
  really sent uses up their limit; `refund()` gives a submission back when the site refused it after all
  (the meeting is full, the municipality is already registered, the system was busy).

Failures of something other than a public form (wrong sign-in codes, core.twofactor) are counted the same way:
`take_failure()` counts an attempt as failed before it is checked, so concurrent attempts cannot pass the limit
together, and `forgive_failure()` takes it back when the attempt succeeded.

The counts live in the database (core.RateLimitCounter), which every gunicorn worker, app host and process shares.
One statement counts and compares atomically, on SQLite and PostgreSQL alike, so requests that arrive together
never get past a limit together. A refused attempt or submission is not counted. No cookies are involved.
"""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .clientip import client_ip
from .models import RateLimitCounter

WINDOW = timedelta(minutes=10)
MESSAGE = _("You have sent this form many times in a short time. Please wait a few minutes and try again.")


def check(request, scope, form=None):
    """Count one attempt at the form `scope`. False once the visitor made PUBLIC_FORM_ATTEMPT_LIMIT of them in the
    window; the refusal is then added to `form`, which still validates, so the input and its errors are shown."""
    return _count(request, "attempt", scope, settings.PUBLIC_FORM_ATTEMPT_LIMIT, form)


def accept(request, scope, form=None):
    """Take one of the visitor's accepted submissions of `scope`. False once PUBLIC_FORM_RATE_LIMIT were accepted
    in the window; the refusal is then added to `form`."""
    return _count(request, "accepted", scope, settings.PUBLIC_FORM_RATE_LIMIT, form)


def refund(request, scope):
    """Give back the submission `accept()` took, when the site refused the form after all."""
    RateLimitCounter.objects.filter(
        key=_key(request, "accepted", scope), hits__gt=0, expires_at__gt=timezone.now()
    ).update(hits=F("hits") - 1)


def take_failure(request, scope, limit):
    """Count one attempt at `scope` from the visitor's address as failed, before checking it; False (nothing
    counted) once `limit` failures are counted in the window, and the attempt must then not be checked at all."""
    return _take(_key(request, "failed", scope), limit)


def forgive_failure(request, scope):
    """The attempt `take_failure()` counted succeeded: it is not a failure."""
    RateLimitCounter.objects.filter(
        key=_key(request, "failed", scope), hits__gt=0, expires_at__gt=timezone.now()
    ).update(hits=F("hits") - 1)


def _key(request, kind, scope):
    return f"{kind}:{scope}:{client_ip(request)}"


def _count(request, kind, scope, limit, form):
    counted = _take(_key(request, kind, scope), limit)
    if not counted and form is not None:
        form.add_error(None, MESSAGE)
    return counted


def _take(key, limit):
    """Count one hit on `key` if it has fewer than `limit` in its window (a passed window starts anew); True if
    counted. An upsert whose update only happens below the limit: the database serialises concurrent hits on one key.
    """
    quote = connection.ops.quote_name
    table, key_col, hits, expires = (quote(name) for name in (RateLimitCounter._meta.db_table, "key", "hits",
                                                               "expires_at"))
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key_col}, {hits}, {expires}) VALUES (%s, 1, %s) "
            f"ON CONFLICT ({key_col}) DO UPDATE SET "
            f"{hits} = CASE WHEN {table}.{expires} <= %s THEN 1 ELSE {table}.{hits} + 1 END, "
            f"{expires} = CASE WHEN {table}.{expires} <= %s THEN excluded.{expires} ELSE {table}.{expires} END "
            f"WHERE {table}.{expires} <= %s OR {table}.{hits} < %s "
            f"RETURNING {hits}",
            [key, adapt(now + WINDOW), adapt(now), adapt(now), adapt(now), limit],
        )
        return bool(cursor.fetchall())
