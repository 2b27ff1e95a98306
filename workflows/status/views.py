"""The municipality's status page, reached by the signed link in its emails: where it stands in the journey, its
next dates as calendar files, its adviser, its contact details (editable while the registration is active) and
the withdrawal. The link is the contact person's (`registration.links`); one that does not work explains itself."""

from datetime import timedelta

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from viewflow.workflow.exceptions import FlowLockFailed

from core import ics

from ..course.notifications import kickoff_event
from ..registration import links, notifications, services
from ..registration.forms import ContactForm, StatusLinkRequestForm
from ..registration.models import Registration
from ..registration.views import BUSY
from .timeline import registration_timeline


def _registration_or_expired(request, token):
    """Return (registration, None), or (None, response) for a link that expired, was altered or no longer works:
    a page that says so and offers a new link by email."""
    try:
        registration = links.registration_from_token(token, Registration.objects.select_related(
            "programme", "cohort", "municipality", "lead_adviser", "course"))
    except links.ExpiredLink:
        return None, _new_link_page(request, expired=True, status=410)
    except links.InvalidLink:
        return None, _new_link_page(request, invalid=True, status=404)
    return registration, None


def _new_link_page(request, status, **reason):
    return render(request, "workflows/registration/link_request.html", {"form": StatusLinkRequestForm(), **reason},
                  status=status)


def _status_page(request, registration, token, contact_form):
    # The course section asks whether there are workshops and then lists them: one query for both.
    prefetch_related_objects([registration], "course__workshops")
    return render(request, "workflows/status/status.html", {
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
    if not registration.is_active:
        messages.error(request, _("The registration has ended, so its details can no longer be changed."))
        return redirect("workflows:status", token)
    holder = registration.contact_email
    form = ContactForm(request.POST, instance=registration)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your contact details have been saved."))
        if registration.contact_email.lower() != holder.lower():
            # The link is the contact person's: the new one gets theirs, and this page continues on it.
            notifications.send_status_link(registration)
            return redirect(links.status_url(registration))
        return redirect("workflows:status", token)
    registration.refresh_from_db()
    return _status_page(request, registration, token, form)


def status_withdraw(request, token):
    registration, refusal = _registration_or_expired(request, token)
    if refusal:
        return refusal
    if request.method == "POST" and registration.is_active:
        try:
            services.withdraw(registration)
        except FlowLockFailed:
            messages.error(request, BUSY)
            return redirect("workflows:status_withdraw", token)
        messages.success(request, _("Your registration has been withdrawn."))
        return redirect("workflows:status", token)
    return render(request, "workflows/status/withdraw.html", {"registration": registration, "token": token})


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
    response = HttpResponse(body, content_type=ics.content_type())
    response["Content-Disposition"] = f'attachment; filename="{event}.ics"'
    return response
