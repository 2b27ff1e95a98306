"""Who is signed in to "Jeres forløb", asked on every request.

`current_person` is the one check behind every page of a case: the signed-in account must be a current person of
that case (`CasePerson.objects.current`) and not staff (`permissions.may_take_part`). It reads the database each
time, so removing a person ends their access at their next request, however live their session is. Another case's
id gets a 404, as if the case did not exist. A session signed in by MitID Erhverv (`oidc`) opens only the cases of
the municipality whose CVR number the broker named (`signed_in_people`)."""

from functools import wraps

from django.contrib.auth import login
from django.http import Http404
from django.shortcuts import redirect

from core import ratelimit

from .. import permissions
from ..registration.models import Registration
from . import links, services
from .models import CasePerson

# Broken or used links from one visitor address within ten minutes before its links are no longer even read.
FAILED_LINKS_LIMIT = 20
_SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"
# The CVR number a MitID Erhverv sign-in named, kept in its session (`oidc.CallbackView`).
SESSION_CVR = "jeres_forloeb_cvr"


def signed_in_people(request):
    """The signed-in user's current person records, of the signed-in municipality's cases only when the session
    came from MitID Erhverv."""
    return _signed_in_scope(request, CasePerson.objects.current().filter(user=request.user))


def _signed_in_scope(request, people):
    cvr = request.session.get(SESSION_CVR)
    return people.filter(registration__municipality__cvr=cvr) if cvr else people


def current_person(request, registration_id):
    """The signed-in user's current person record on the case, with the case, or None.

    One query reads the case's current people (the plan lists them: `person.case_people`), each with whether its
    account works in the admin (`permissions.with_staff_membership`), and picks the user's own; a second reads the
    case with what its pages show of it, shared by all of them. Two small queries, because PostgreSQL takes longer to
    plan one query joining all nine tables than to plan and run both."""
    if not request.user.is_authenticated:
        return None
    if request.session.get(SESSION_CVR):
        # The scope goes with the account to the permission checks of the case's tasks, which see no request.
        request.user.mitid_cvr = request.session[SESSION_CVR]
    people = list(permissions.with_staff_membership(_signed_in_scope(
        request, CasePerson.objects.current().filter(registration_id=registration_id)))
        .select_related("user", "calendar_feed"))
    person = next((person for person in people if person.user_id == request.user.pk), None)
    if not permissions.may_take_part(request.user, person):
        return None
    registration = Registration.objects.select_related(
        "programme", "cohort", "municipality", "lead_adviser", "course").get(pk=registration_id)
    for someone in people:
        someone.registration = registration
    person.case_people = people
    # For the permission checks of the case's tasks in this request (`permissions.may_do_municipality_task`).
    request.user.current_person_of = {registration.pk}
    return person


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
    """Sign the account in. Django moves its last sign-in on, which is what uses the link up (SESAME_ONE_TIME). The
    link proves the address itself, so it opens all the account's cases, whatever a MitID Erhverv sign-in named."""
    login(request, user, backend=_SIGN_IN_BACKEND)
    request.session.pop(SESSION_CVR, None)
    services.note_first_sign_in(user)
