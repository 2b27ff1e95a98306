"""The signed link to a registration's status page, sent by email.

The token is the only key, so it is signed with the site's secret and, for the status page, expires. A status link
belongs to the contact person it was sent to: it names a digest of their address, so it stops working when the
contact person changes or is erased (an erasure request, or the retention job), and the page can never show what
was erased. An expired or dead link leads to a page where a new one can be requested by email."""

import hashlib
from datetime import timedelta

from django.core import signing
from django.urls import reverse

from core.links import absolute

STATUS_LINK_MAX_AGE = timedelta(days=90)
_STATUS_SALT = "workflows.registration-status"


class ExpiredLink(Exception):
    pass


class InvalidLink(Exception):
    pass


def _holder(registration):
    return hashlib.sha256(registration.contact_email.strip().lower().encode()).hexdigest()[:12]


def status_token(registration):
    return signing.dumps([registration.pk, _holder(registration)], salt=_STATUS_SALT, compress=True)


def status_url(registration):
    return absolute(reverse("workflows:status", args=[status_token(registration)]))


def registration_from_token(token, registrations):
    """The registration (from the `registrations` queryset) whose contact person holds this status token; raises
    ExpiredLink or InvalidLink. Links sent before they named their holder carry the id alone and keep working
    until they expire, unless the contact person has been erased."""
    try:
        payload = signing.loads(token, salt=_STATUS_SALT, max_age=STATUS_LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ExpiredLink from error
    except signing.BadSignature as error:
        raise InvalidLink from error
    pk, holder = payload if isinstance(payload, list) else (payload, None)
    registration = registrations.filter(pk=pk).first()
    if registration is None or registration.is_anonymised or holder not in (None, _holder(registration)):
        raise InvalidLink
    return registration
