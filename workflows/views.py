"""The programme's public pages under /forloeb/: meeting sign-up and cancel, registration, the status page.

Anonymous visitors use them, so flows are started with `StartHandle` from here. Any refusal is a Danish message
on the same page with the visitor's input kept; a busy flow lock (`FlowLockFailed`) is such a message too."""

from datetime import timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from viewflow.workflow.exceptions import FlowLockFailed

from core import ratelimit

from . import ics, journey, links, notifications
from .course_notifications import kickoff_event
from .forms import ContactForm, MeetingSignupForm, RegistrationForm, StatusLinkRequestForm
from .models import InformationMeeting, MeetingSignup, Programme, Registration
from .selectors import registration_timeline

BUSY = gettext_lazy("The system is busy right now. Nothing was saved; please send the form again in a moment.")


def meeting_signup(request, pk):
    meeting = get_object_or_404(InformationMeeting.objects.select_related("programme"), pk=pk)
    form = MeetingSignupForm(request.POST or None, meeting=meeting)
    if request.method == "POST":
        ratelimit.check(request, "meeting_signup", form)
    if request.method == "POST" and form.is_valid() and ratelimit.accept(request, "meeting_signup", form):
        with transaction.atomic():
            # Lock the meeting so two last-minute sign-ups cannot both take its last place.
            InformationMeeting.objects.select_for_update().get(pk=meeting.pk)
            full = meeting.seats_left() == 0
            if not full:
                signup = form.save(commit=False)
                signup.meeting = meeting
                try:
                    with transaction.atomic():
                        signup.save()
                except IntegrityError:  # the same address signed up in the same instant
                    form.add_error("email", _("This email address is already signed up for the meeting."))
                else:
                    notifications.send_meeting_confirmation(signup)
                    return render(request, "workflows/meeting_signup_done.html",
                                  {"meeting": meeting, "signup": signup})
        ratelimit.refund(request, "meeting_signup")
        if full:
            form.add_error(None, _("The meeting is full. Choose another date."))
    return render(request, "workflows/meeting_signup.html", {"meeting": meeting, "form": form})


def meeting_cancel(request, token):
    try:
        signup_id = links.signup_from_token(token)
    except links.InvalidLink:
        raise Http404 from None
    signup = get_object_or_404(MeetingSignup.objects.select_related("meeting"), pk=signup_id)
    if request.method == "POST" and signup.cancelled_at is None:
        signup.cancelled_at = timezone.now()
        signup.save(update_fields=["cancelled_at"])
    return render(request, "workflows/meeting_cancel.html", {"signup": signup, "meeting": signup.meeting})


def register(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    form = RegistrationForm(request.POST or None, programme=programme)
    if request.method != "POST" and not form.open_cohorts:
        return render(request, "workflows/registration_closed.html", {"programme": programme})
    existing = None
    if request.method == "POST":
        ratelimit.check(request, "registration", form)
    if request.method == "POST" and form.is_valid():
        existing = form.existing_registration()
        if existing is None and ratelimit.accept(request, "registration", form):
            registration = form.save(commit=False)
            registration.programme = programme
            try:
                journey.submit(registration)
            except IntegrityError:  # the same municipality registered in the same instant
                existing = form.existing_registration()
            except FlowLockFailed:
                form.add_error(None, BUSY)
            else:
                return render(request, "workflows/registration_done.html", {
                    "programme": programme, "registration": registration,
                    "position": registration.waiting_position(),
                })
            ratelimit.refund(request, "registration")
    return render(request, "workflows/registration_form.html",
                  {"programme": programme, "form": form, "existing": existing})


@require_POST
def resend_status_link(request, slug):
    """From the "already registered" message: send the link to the contact person the registration names."""
    programme = get_object_or_404(Programme, slug=slug)
    registration = (
        Registration.objects.filter(programme=programme, municipality_id=request.POST.get("municipality"))
        .exclude(status=Registration.Status.WITHDRAWN).first()
    )
    if registration is None:
        raise Http404
    if not (ratelimit.check(request, "status_link") and ratelimit.accept(request, "status_link")):
        return render(request, "workflows/status_link_sent.html",
                      {"programme": programme, "limited": True, "limited_message": ratelimit.MESSAGE}, status=429)
    notifications.send_status_link(registration)
    return render(request, "workflows/status_link_sent.html", {"programme": programme})


def request_status_link(request):
    """A new status link by email, e.g. after the old one expired. The answer never says whether an address
    is known, so the form cannot be used to find out who registered."""
    form = StatusLinkRequestForm(request.POST or None)
    if request.method == "POST":
        ratelimit.check(request, "status_link", form)
    if request.method == "POST" and form.is_valid() and ratelimit.accept(request, "status_link", form):
        for registration in Registration.objects.filter(contact_email__iexact=form.cleaned_data["email"]):
            notifications.send_status_link(registration)
        return render(request, "workflows/status_link_sent.html", {})
    return render(request, "workflows/status_link_request.html", {"form": form})


def _registration_or_expired(request, token):
    """Return (registration, None) or (None, response) for an expired or unknown link."""
    try:
        pk = links.registration_from_token(token)
    except links.ExpiredLink:
        return None, render(request, "workflows/status_link_request.html",
                            {"form": StatusLinkRequestForm(), "expired": True}, status=410)
    except links.InvalidLink:
        raise Http404 from None
    registration = get_object_or_404(
        Registration.objects.select_related("programme", "cohort", "municipality", "lead_adviser", "course"), pk=pk
    )
    return registration, None


def _status_page(request, registration, token, contact_form):
    # The course section asks whether there are workshops and then lists them: one query for both.
    prefetch_related_objects([registration], "course__workshops")
    return render(request, "workflows/status.html", {
        "registration": registration, "token": token, "steps": registration_timeline(registration),
        "position": registration.waiting_position(), "contact_form": contact_form,
    })


def status(request, token):
    registration, refusal = _registration_or_expired(request, token)
    if refusal:
        return refusal
    return _status_page(request, registration, token, ContactForm(instance=registration))


@require_POST
def status_contacts(request, token):
    registration, refusal = _registration_or_expired(request, token)
    if refusal:
        return refusal
    form = ContactForm(request.POST, instance=registration)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your contact details have been saved."))
        return redirect("workflows:status", token)
    registration.refresh_from_db()
    return _status_page(request, registration, token, form)


def status_withdraw(request, token):
    registration, refusal = _registration_or_expired(request, token)
    if refusal:
        return refusal
    if request.method == "POST" and registration.is_active:
        try:
            journey.withdraw(registration)
        except FlowLockFailed:
            messages.error(request, BUSY)
            return redirect("workflows:status_withdraw", token)
        messages.success(request, _("Your registration has been withdrawn."))
        return redirect("workflows:status", token)
    return render(request, "workflows/status_withdraw.html", {"registration": registration, "token": token})


def status_calendar(request, token, event):
    registration, refusal = _registration_or_expired(request, token)
    if refusal:
        return refusal
    course = getattr(registration, "course", None)
    if event == "opstart" and course is not None and course.kickoff_at:
        # The meeting the adviser scheduled: the same calendar entry as the invitation's, so calendars update it.
        body = ics.calendar(kickoff_event(course))
    else:
        cohort = registration.cohort
        day = {"opstart": cohort.starts_on, "afslutning": cohort.ends_on}.get(event)
        if day is None:
            raise Http404
        summary = {"opstart": _("Kickoff: %(programme)s"), "afslutning": _("Course ends: %(programme)s")}[event]
        body = ics.calendar(ics.CalendarEvent(
            uid=f"registration-{registration.pk}-{event}", summary=summary % {"programme": registration.programme},
            start=day, end=day + timedelta(days=1), url=links.status_url(registration),
        ))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event}.ics"'
    return response
