"""The pages of "Jeres forløb" under /forloeb/jeres/: sign-in by link, the plan and the people of a case.

Signing in: the sign-in page asks for an address and answers the same whether it belongs to anyone (`services.
request_sign_in` sends a link only to a current person). The link leads to a page with a button: following the link
(as mail scanners do) signs nobody in; pressing the button (a POST) does, once. Every page of a case asks
`auth.current_person` first (`person_required`)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core import ratelimit

from .. import permissions
from ..course import lifecycle
from . import links, services, tasks
from .auth import account_from_link, person_required, sign_in, signed_in_people
from .forms import InviteForm, SignInForm
from .models import CasePerson

SENT = "sendt"


def sign_in_request(request):
    """Ask for a sign-in link by email. Known address or not, the answer is the same page ("check your email")."""
    if request.method != "POST" and SENT in request.GET:
        return render(request, "workflows/municipality/sign_in_sent.html", {"minutes": links.lifetime_minutes()})
    form = SignInForm(request.POST or None)
    allowed = request.method != "POST" or ratelimit.check(request, "municipality_sign_in", form)
    if request.method == "POST" and form.is_valid():
        allowed = ratelimit.accept(request, "municipality_sign_in", form)
        if allowed:
            services.request_sign_in(form.cleaned_data["email"])
            return redirect(reverse("workflows:municipality_sign_in") + f"?{SENT}=1")
    return render(request, "workflows/municipality/sign_in.html", {"form": form, "mitid": settings.OIDC_ENABLED},
                  status=200 if allowed else 429)


@never_cache
def sign_in_link(request, token):
    """Where the emailed link leads: a button that signs in (POST). A GET only shows it."""
    user = account_from_link(request, token)
    if user is None:
        return render(request, "workflows/municipality/link_invalid.html", status=410)
    if request.method == "POST":
        sign_in(request, user)
        return redirect("workflows:municipality_home")
    return render(request, "workflows/municipality/link.html", {"token": token})


@require_POST
def sign_out(request):
    logout(request)
    messages.success(request, _("You are signed out."))
    return redirect("workflows:municipality_sign_in")


@never_cache
def home(request):
    """The signed-in person's cases: straight to the one, a choice between several, or a word that there is none."""
    if not request.user.is_authenticated:
        return redirect("workflows:municipality_sign_in")
    people = [person for person in signed_in_people(request).select_related(
        "registration__municipality", "registration__programme", "registration__cohort")
        if permissions.may_take_part(request.user, person)]
    if len(people) == 1:
        return redirect("workflows:municipality_plan", people[0].registration_id)
    return render(request, "workflows/municipality/home.html", {"people": people})


@never_cache
@person_required
def plan(request, person):
    """The plan: the case's tasks for its people (`tasks`), every milestone and coming date of the course
    (`course.lifecycle`), and the case's people."""
    return _plan_page(request, person, InviteForm())


def _plan_page(request, person, invite_form, status=200):
    registration = person.registration
    prefetch_related_objects([registration], *lifecycle.dated_events_prefetch())
    people = person.case_people
    contacts = sum(1 for other in people if other.is_contact)
    return render(request, "workflows/municipality/plan.html", {
        "person": person, "registration": registration, "phase": registration.phase,
        "steps": lifecycle.milestones(registration), "coming": lifecycle.coming_dates(registration),
        "tasks": tasks.task_rows(registration, names={other.user_id: other.name for other in people}),
        "people": [(other, permissions.may_remove_person(person, other, contacts)) for other in people],
        "may_invite": permissions.may_invite_people(person), "invite_form": invite_form,
    }, status=status)


@require_POST
@person_required
def invite(request, person):
    if not permissions.may_invite_people(person):
        raise Http404
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invited = services.invite(person, form.cleaned_data["name"], form.cleaned_data["email"])
        except services.AlreadyTakingPart:
            form.add_error("email", _("This person already has access to your course."))
        else:
            messages.success(request, _("%(name)s has been invited and has been sent a sign-in link.") % {
                "name": invited.name})
            return redirect(reverse("workflows:municipality_plan", args=[person.registration_id]) + "#folk")
    return _plan_page(request, person, form, status=400)


@never_cache
@person_required
def remove(request, person, person_pk):
    """Confirm (GET) and remove (POST) one of the case's people."""
    people = CasePerson.objects.current().filter(registration_id=person.registration_id)
    other = get_object_or_404(people.select_related("user"), pk=person_pk)
    if not permissions.may_remove_person(person, other, people.filter(role=CasePerson.Role.CONTACT).count()):
        raise Http404
    if request.method == "POST":
        services.remove(person, other)
        messages.success(request, _("%(name)s no longer has access to your course.") % {"name": other.name})
        return redirect(reverse("workflows:municipality_plan", args=[person.registration_id]) + "#folk")
    return render(request, "workflows/municipality/remove.html", {"person": person, "other": other,
                                                                   "registration": person.registration})


