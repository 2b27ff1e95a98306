"""The registration's public pages under /forloeb/: the registration form, its receipt, and new status links.

Anonymous visitors use them, so the screening is started from here (`processes`). Any refusal is a Danish message
on the same page with the visitor's input kept; a busy flow lock (`FlowLockFailed`) is such a message too."""

from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from viewflow.workflow.exceptions import FlowLockFailed

from core import ratelimit
from core.personal_data import ERASED_EMAIL

from ..programme.models import Programme
from . import notifications, services
from .forms import RegistrationForm, ResendStatusLinkForm, StatusLinkRequestForm
from .models import Registration

BUSY = gettext_lazy("The system is busy right now. Nothing was saved; please send the form again in a moment.")


def register(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    form = RegistrationForm(request.POST or None, programme=programme)
    if request.method != "POST" and not form.open_cohorts:
        return render(request, "workflows/registration/closed.html", {"programme": programme})
    existing = None
    if request.method == "POST":
        ratelimit.check(request, "registration", form)
    if request.method == "POST" and form.is_valid():
        existing = form.existing_registration()
        if existing is None and ratelimit.accept(request, "registration", form):
            registration = form.save(commit=False)
            registration.programme = programme
            try:
                services.submit(registration)
            except IntegrityError:  # the same municipality registered in the same instant
                existing = form.existing_registration()
            except FlowLockFailed:
                form.add_error(None, BUSY)
            else:
                return render(request, "workflows/registration/done.html", {
                    "programme": programme, "registration": registration,
                    "position": registration.waiting_position(),
                })
            ratelimit.refund(request, "registration")
    return render(request, "workflows/registration/form.html",
                  {"programme": programme, "form": form, "existing": existing})


@require_POST
def resend_status_link(request, slug):
    """From the "already registered" message: send the link to the contact person the registration names."""
    programme = get_object_or_404(Programme, slug=slug)
    form = ResendStatusLinkForm(request.POST)
    if not form.is_valid():
        return render(request, "workflows/registration/link_request.html",
                      {"form": StatusLinkRequestForm(), "unknown_municipality": True}, status=400)
    registration = (
        Registration.objects.filter(programme=programme, municipality=form.cleaned_data["municipality"])
        .exclude(status=Registration.Status.WITHDRAWN).first()
    )
    if registration is None:
        raise Http404
    if not (ratelimit.check(request, "status_link") and ratelimit.accept(request, "status_link")):
        return render(request, "workflows/registration/link_sent.html",
                      {"programme": programme, "limited": True, "limited_message": ratelimit.MESSAGE}, status=429)
    notifications.send_status_link(registration)
    return render(request, "workflows/registration/link_sent.html", {"programme": programme})


def request_status_link(request):
    """A new status link by email, e.g. after the old one expired. The answer never says whether an address
    is known, so the form cannot be used to find out who registered."""
    form = StatusLinkRequestForm(request.POST or None)
    if request.method == "POST":
        ratelimit.check(request, "status_link", form)
    if request.method == "POST" and form.is_valid() and ratelimit.accept(request, "status_link", form):
        for registration in Registration.objects.filter(contact_email__iexact=form.cleaned_data["email"]).exclude(
                contact_email=ERASED_EMAIL):
            notifications.send_status_link(registration)
        return render(request, "workflows/registration/link_sent.html", {})
    return render(request, "workflows/registration/link_request.html", {"form": form})
