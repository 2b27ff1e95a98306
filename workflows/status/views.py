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

from ..course import lifecycle
from ..course.notifications import guidance_event, kickoff_event, workshop_event
from ..registration import links, notifications, services
from ..registration.forms import ContactForm, StatusLinkRequestForm, submitted_answers
from ..registration.models import Registration
from ..registration.views import BUSY


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
    prefetch_related_objects([registration], *lifecycle.dated_events_prefetch())
    return render(request, "workflows/status/status.html", {
        "registration": registration, "token": token, "steps": lifecycle.milestones(registration),
        "phase": registration.phase, "coming": lifecycle.coming_dates(registration),
        "position": registration.waiting_position(), "contact_form": contact_form,
        "answers": submitted_answers(registration),
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
    holder, holder_name = registration.contact_email, registration.contact_name
    form = ContactForm(request.POST, instance=registration)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your contact details have been saved."))
        if registration.contact_email.lower() != holder.lower():
            # The link is the contact person's: the new one gets theirs, and this page continues on it. The former
            # contact person is told who took over and that their link no longer works.
            notifications.send_status_link(registration, handover=True)
            notifications.send_contact_changed(registration, old_name=holder_name, old_email=holder)
            messages.info(request, _("The new contact person has been sent a link of their own, and %(name)s has "
                                     "been told that the old link no longer works.") % {"name": holder_name})
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
    """The calendar file of one of the case's coming dates (`lifecycle.coming_dates`): the kickoff, a workshop and
    a guidance session as the same entries their invitations carried (so calendars update them), the competence
    modules, the midway status and final evaluation (deadlines) and the course's end as all-day entries."""
    registration, refusal = _registration_or_expired(request, token)
    if refusal:
        return refusal
    prefetch_related_objects([registration], *lifecycle.dated_events_prefetch())
    coming = next((date for date in lifecycle.coming_dates(registration) if date.key == event), None)
    if coming is None:
        raise Http404
    body = ics.calendar(_event(registration, coming))
    response = HttpResponse(body, content_type=ics.content_type())
    response["Content-Disposition"] = f'attachment; filename="{event}.ics"'
    return response


def _event(registration, coming):
    course = getattr(registration, "course", None)
    kind, _sep, pk = coming.key.partition("-")
    if kind == "opstart" and course is not None and course.kickoff_at:
        return kickoff_event(course)
    if kind == "workshop":
        return workshop_event(course.workshops.get(pk=pk))
    if kind == "vejledning":
        return guidance_event(course.guidance_sessions.get(pk=pk))
    # A deadline or a day (a module's several): all day and transparent, a deadline called one, never a meeting.
    return ics.CalendarEvent(
        uid=coming.uid, summary=f"{coming.title}: {registration.programme}", start=coming.starts_at,
        end=coming.last_day + timedelta(days=1), description=coming.expected, url=links.status_url(registration),
        transparent=True,
    )
