"""The signed link of a meeting sign-up, sent with the confirmation and the reminder: it opens the page that cancels
the sign-up and, beside it, the meeting's calendar file. It does not expire: a sign-up can be cancelled until the
meeting starts."""

from django.core import signing
from django.urls import reverse

from core.links import absolute

_CANCEL_SALT = "workflows.meeting-cancel"


class InvalidLink(Exception):
    pass


def _token(signup):
    return signing.dumps(signup.pk, salt=_CANCEL_SALT)


def cancel_url(signup):
    return absolute(reverse("workflows:meeting_cancel", args=[_token(signup)]))


def calendar_url(signup):
    return absolute(reverse("workflows:meeting_calendar", args=[_token(signup)]))


def signup_from_token(token):
    try:
        return signing.loads(token, salt=_CANCEL_SALT)
    except signing.BadSignature as error:
        raise InvalidLink from error
