"""Signed links sent by email: the status page of a registration and the cancel link of a meeting sign-up.

The token is the only key, so it is signed with the site's secret and, for the status page, expires. An expired
status link leads to a page where a new one can be requested by email."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

STATUS_LINK_MAX_AGE = timedelta(days=90)
_STATUS_SALT = "workflows.registration-status"
_CANCEL_SALT = "workflows.meeting-cancel"


class ExpiredLink(Exception):
    pass


class InvalidLink(Exception):
    pass


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def status_token(registration):
    return signing.dumps(registration.pk, salt=_STATUS_SALT, compress=True)


def status_url(registration):
    return absolute(reverse("workflows:status", args=[status_token(registration)]))


def registration_from_token(token):
    """Return the registration id of a status token; raises ExpiredLink or InvalidLink."""
    try:
        return signing.loads(token, salt=_STATUS_SALT, max_age=STATUS_LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ExpiredLink from error
    except signing.BadSignature as error:
        raise InvalidLink from error


def cancel_url(signup):
    token = signing.dumps(signup.pk, salt=_CANCEL_SALT)
    return absolute(reverse("workflows:meeting_cancel", args=[token]))


def signup_from_token(token):
    try:
        return signing.loads(token, salt=_CANCEL_SALT)
    except signing.BadSignature as error:
        raise InvalidLink from error
