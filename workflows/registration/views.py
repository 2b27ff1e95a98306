"""The registration's public pages under /forloeb/: the registration form, its receipt, and new status links.

Anonymous visitors use them, so the screening is started from here (`processes`). Any refusal is a Danish message
on the same page with the visitor's input kept; a busy flow lock (`FlowLockFailed`) is such a message too. A form
that was accepted redirects (Post/Redirect/Get, `core.receipts`), so a reload never sends it again."""

from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from viewflow.workflow.exceptions import FlowLockFailed

from core import ratelimit, receipts
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
                return receipts.redirect_to_receipt("workflows:registration_receipt", "registration",
                                                    registration.pk, programme.slug)
            ratelimit.refund(request, "registration")
    # Only the municipality is named: the page never shows another municipality's cohort, status or contacts.
    return render(request, "workflows/registration/form.html", {
        "programme": programme, "form": form, "registered": existing.municipality if existing else None})


@never_cache  # it names the contact person
def registration_receipt(request, slug, token):
    """What a municipality sees after registering: a seat to be screened, or its place on the waiting list."""
    registration = Registration.objects.filter(
        programme__slug=slug, pk=receipts.receipt_pk("registration", token)).select_related("programme").first()
    if registration is None or registration.is_anonymised:
        return render(request, "workflows/registration/receipt_gone.html", {"slug": slug}, status=404)
    return render(request, "workflows/registration/done.html", {
        "programme": registration.programme, "registration": registration,
        "position": registration.waiting_position(),
    })


@require_POST
def resend_status_link(request, slug):
    """From the "already registered" message: send the link to the contact person the registration names.

    The answer is the same for every municipality, registered or not ("if it is registered, its contact person
    gets a link"), and the requests count against the status links' rate limit before anything is looked up, so
    the address cannot be used to list who registered."""
    programme = get_object_or_404(Programme, slug=slug)
    form = ResendStatusLinkForm(request.POST)
    if not ratelimit.check(request, "status_link"):
        return _limited(request)
    if not form.is_valid():
        return render(request, "workflows/registration/link_request.html",
                      {"form": StatusLinkRequestForm(), "unknown_municipality": True}, status=400)
    if not ratelimit.accept(request, "status_link"):
        return _limited(request)
    registration = (
        Registration.objects.filter(programme=programme, municipality=form.cleaned_data["municipality"])
        .exclude(status=Registration.Status.WITHDRAWN).exclude(contact_email=ERASED_EMAIL).first()
    )
    if registration is not None:
        notifications.send_status_link(registration)
    return _link_sent(MUNICIPALITY_SENT)


def _limited(request):
    return render(request, "workflows/registration/link_sent.html",
                  {"limited": True, "limited_message": ratelimit.MESSAGE}, status=429)


EMAIL_SENT, MUNICIPALITY_SENT = "1", "kommune"


def _link_sent(kind=EMAIL_SENT):
    """The answer to a link request, the same whoever asked: the request page with `?sendt=1` (asked by address)
    or `?sendt=kommune` (asked for a municipality)."""
    return redirect(reverse("workflows:request_status_link") + f"?sendt={kind}")


def request_status_link(request):
    """A new status link by email, e.g. after the old one expired. The answer never says whether an address
    is known, so the form cannot be used to find out who registered."""
    if request.method != "POST" and "sendt" in request.GET:
        return render(request, "workflows/registration/link_sent.html",
                      {"for_municipality": request.GET["sendt"] == MUNICIPALITY_SENT})
    form = StatusLinkRequestForm(request.POST or None)
    if request.method == "POST":
        ratelimit.check(request, "status_link", form)
    if request.method == "POST" and form.is_valid() and ratelimit.accept(request, "status_link", form):
        for registration in Registration.objects.filter(contact_email__iexact=form.cleaned_data["email"]).exclude(
                contact_email=ERASED_EMAIL):
            notifications.send_status_link(registration)
        return _link_sent()
    return render(request, "workflows/registration/link_request.html", {"form": form})
