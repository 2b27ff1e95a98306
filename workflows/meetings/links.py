"""The signed cancel link of a meeting sign-up, sent with the confirmation and the reminder. It does not expire: a
sign-up can be cancelled until the meeting starts."""

from django.core import signing
from django.urls import reverse

from core.links import absolute

_CANCEL_SALT = "workflows.meeting-cancel"


class InvalidLink(Exception):
    pass


def cancel_url(signup):
    token = signing.dumps(signup.pk, salt=_CANCEL_SALT)
    return absolute(reverse("workflows:meeting_cancel", args=[token]))


def signup_from_token(token):
    try:
        return signing.loads(token, salt=_CANCEL_SALT)
    except signing.BadSignature as error:
        raise InvalidLink from error
