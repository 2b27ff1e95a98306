"""The one-time sign-in link, by django-sesame.

A link carries a signed token naming the account. It is short-lived (`SESAME_MAX_AGE`) and single-use
(`SESAME_ONE_TIME`: the token is bound to the account's last sign-in, which signing in moves on), and scoped to this
workspace, so a token made for anything else opens nothing here. The token sits in the path after
`/forloeb/jeres/link/`, which the logs redact like the status links (core.logs).

The token is read with sesame's `parse_token`, not `sesame.utils.get_user`: `get_user` goes through Django's
`authenticate()`, where django-axes would count every broken link against the visitor's whole network under an
empty username; failed links are counted here instead, per visitor (core.ratelimit), and the account is signed in
with Django's own model backend, already in AUTHENTICATION_BACKENDS."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from sesame import settings as sesame_settings
from sesame.tokens import parse_token
from sesame.utils import get_token

from core.links import absolute

SCOPE = "jeres-forloeb"


def lifetime_minutes():
    """How long a link works, as the emails say it."""
    return round(sesame_settings.MAX_AGE / 60)


def sign_in_url(user):
    return absolute(reverse("workflows:municipality_link", args=[get_token(user, SCOPE)]))


def sign_in_page_url():
    """Where a new link is asked for, for the emails."""
    return absolute(reverse("workflows:municipality_sign_in"))


def _active_account(pk):
    return get_user_model()._default_manager.filter(pk=pk, is_active=True).first()


def account_from_token(token):
    """The active account a still-valid token names, or None (expired, used, altered, or for another scope)."""
    return parse_token(token, _active_account, SCOPE)
