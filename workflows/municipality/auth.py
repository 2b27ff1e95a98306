"""Who is signed in to "Jeres forløb", asked on every request.

`current_person` is the one check behind every page of a case: the signed-in account must be a current person of
that case (`CasePerson.objects.current`) and not staff (`permissions.may_take_part`). It reads the database each
time, so removing a person ends their access at their next request, however live their session is. Another case's
id gets a 404, as if the case did not exist."""

from functools import wraps

from django.contrib.auth import login
from django.http import Http404
from django.shortcuts import redirect

from core import ratelimit

from .. import permissions
from . import links
from .models import CasePerson

# Broken or used links from one visitor address within ten minutes before its links are no longer even read.
FAILED_LINKS_LIMIT = 20
_SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def current_person(request, registration_id):
    """The signed-in user's current person record on the case, with the case, or None."""
    if not request.user.is_authenticated:
        return None
    person = (CasePerson.objects.current()
              .select_related("user", "registration__programme", "registration__cohort",
                              "registration__municipality", "registration__lead_adviser", "registration__course")
              .filter(user=request.user, registration_id=registration_id).first())
    return person if permissions.may_take_part(request.user, person) else None


def person_required(view):
    """A page of one case (`pk` in the address): signs in first, 404 for anyone who is not its current person."""
    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("workflows:municipality_sign_in")
        person = current_person(request, pk)
        if person is None:
            raise Http404
        return view(request, person, *args, **kwargs)
    return wrapper


def account_from_link(request, token):
    """The account a sign-in link names, or None; failures are counted per visitor (core.ratelimit)."""
    if not ratelimit.take_failure(request, "municipality_link", FAILED_LINKS_LIMIT):
        return None
    user = links.account_from_token(token)
    if user is None or permissions.is_staff_member(user):
        return None
    ratelimit.forgive_failure(request, "municipality_link")
    return user


def sign_in(request, user):
    """Sign the account in. Django moves its last sign-in on, which is what uses the link up (SESAME_ONE_TIME)."""
    login(request, user, backend=_SIGN_IN_BACKEND)
