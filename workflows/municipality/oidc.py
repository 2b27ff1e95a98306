"""Sign-in by MitID Erhverv for the municipality's people, through a broker that speaks OpenID Connect.

NemLog-in, the public sector's MitID broker, speaks OIOSAML; brokers put OpenID Connect in front of it and name,
beside the person's email address and name, the CVR number of the organisation they sign in for. mozilla-django-oidc
runs the authorization code flow with its own state, nonce, PKCE and signature checks; this module only decides whom
it admits (`admitted_account`): the account of a current person of a case (`CasePerson.objects.current`: the contact
persons and the colleagues they invited) whose address the broker names, on a case of the municipality whose CVR
number it names (`Municipality.cvr`). Nobody else: no account is ever created, and staff are never signed in this way.

The broker vouches for an address only as far as the organisation that registered it, which could be any company, so
the session opens only that municipality's cases (`auth.SESSION_CVR`, read by `auth.current_person`).

It is off until a broker is configured (`OIDC_RP_CLIENT_ID`, its endpoints and its issuer, README's settings); the
sign-in link by email works either way. Anyone refused sees a page that says how to get invited (`refused.html`)."""

import logging

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .. import permissions
from ..programme.models import Municipality
from . import services
from .auth import SESSION_CVR
from .models import CasePerson

logger = logging.getLogger(__name__)


def enabled():
    return settings.OIDC_ENABLED


def _cvr(claims):
    """The eight digits of the claimed CVR number (brokers write it as a string or a number, some with a prefix)."""
    digits = "".join(ch for ch in str(claims.get(settings.OIDC_CVR_CLAIM) or "") if ch.isdigit())
    return digits if len(digits) == 8 else ""


def _email(claims):
    return services.normalised(str(claims.get(settings.OIDC_EMAIL_CLAIM) or ""))


def _staff_address(email):
    return any(permissions.is_staff_member(user)
               for user in get_user_model()._default_manager.filter(email__iexact=email, is_active=True))


def admitted_account(email, cvr):
    """The account to sign in: a current person of a case of the municipality with CVR number `cvr`, by the address
    `email`. None for anyone else, and for any address of a member of staff. A contact person who never signed in
    gets their person records first, as on asking for a link (`services.ensure_contact_people`)."""
    if not email or not cvr or not Municipality.objects.filter(cvr=cvr).exists() or _staff_address(email):
        return None
    services.ensure_contact_people(email)
    person = (CasePerson.objects.current().select_related("user")
              .filter(user__username=services.username_for(email), registration__municipality__cvr=cvr).first())
    if person is None or permissions.is_staff_member(person.user):
        return None
    return person.user


class MitIDErhvervBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, admitting only `admitted_account`. Listed in AUTHENTICATION_BACKENDS while
    sign-in by MitID Erhverv is on."""

    def authenticate(self, request, nonce=None, code_verifier=None, **credentials):
        """The broker's callback only: a sign-in with a username and password is left to the other backends (the
        library's would otherwise take any request whose address carries `code` and `state`). A broker that cannot
        be reached or refuses the code signs nobody in."""
        if credentials:
            return None
        try:
            return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        except requests.RequestException as error:
            logger.warning("MitID Erhverv: the broker did not answer as expected: %s", error)
            return None

    def verify_token(self, token, **kwargs):
        """The library checks the signature and the nonce; the token must also come from the configured broker (its
        issuer, compared exactly as OpenID Connect asks) and be meant for this site (its audience), both of which the
        library leaves unchecked."""
        payload = super().verify_token(token, **kwargs)
        if not settings.OIDC_OP_ISSUER or payload.get("iss") != settings.OIDC_OP_ISSUER:
            raise SuspiciousOperation("MitID Erhverv: the ID token comes from another issuer.")
        audience = payload.get("aud")
        if settings.OIDC_RP_CLIENT_ID not in (audience if isinstance(audience, list) else [audience]):
            raise SuspiciousOperation("MitID Erhverv: the ID token is meant for another client.")
        return payload

    def verify_claims(self, claims):
        return bool(_email(claims) and _cvr(claims))

    def filter_users_by_claims(self, claims):
        account = admitted_account(_email(claims), _cvr(claims))
        users = get_user_model()._default_manager
        return users.filter(pk=account.pk) if account else users.none()

    def update_user(self, user, claims):
        """Nothing of the account changes; the CVR number goes with it to the session (`CallbackView`)."""
        user.mitid_cvr = _cvr(claims)
        return user

    def create_user(self, claims):
        """Never: the municipality's people are invited, and staff accounts are made by administrators. (The library
        calls this only with OIDC_CREATE_USER on, which the settings keep off; this holds whatever they say.)"""
        return None

    def get_user(self, user_id):
        """The signed-in account on each request, while it is active (Django's rule; the library's skips it). It is
        marked as signed in by MitID Erhverv with no CVR number bound yet (`mitid_cvr`): the permission checks then
        open no case's task until `auth.current_person` binds the session's number (`permissions.
        may_do_municipality_task`)."""
        user = ModelBackend.get_user(self, user_id)
        if user is not None:
            user.mitid_cvr = ""
        return user


class SignInView(OIDCAuthenticationRequestView):
    """"Log ind med MitID Erhverv": to the broker, with a fresh state and nonce kept in the session."""

    def get(self, request):
        if not enabled():
            raise Http404
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """Back from the broker: the library checks the state and the nonce and the backend decides; signed in, the
    person lands on their course, the session bound to their municipality's CVR number."""

    def get(self, request):
        if not enabled():
            raise Http404
        return super().get(request)

    @property
    def success_url(self):
        return reverse("workflows:municipality_home")

    def login_success(self):
        response = super().login_success()
        self.request.session[SESSION_CVR] = self.user.mitid_cvr
        services.note_first_sign_in(self.user, cvr=self.user.mitid_cvr)  # the case's timeline: a first sign-in
        return response

    def login_failure(self):
        return render(self.request, "workflows/municipality/mitid_refused.html", status=403)


def exempt_from_lockout(request, credentials=None):
    """django-axes (AXES_WHITELIST_CALLABLE) counts failed sign-ins per username and visitor address. A refused
    MitID Erhverv sign-in is no guessed password: the broker has authenticated the person, who is just not invited,
    and counting it would lock a whole town hall behind one address out of this sign-in."""
    return request is not None and request.path == reverse("workflows:municipality_oidc_callback")
