"""The public sign-up for an information meeting and the cancel link's page.

A full meeting and a sign-up after the start are Danish messages with the visitor's input kept; the meeting row is
locked while a place is taken, so two last-minute sign-ups cannot both take the last one. An accepted sign-up
redirects to its receipt (`core.receipts`), so a reload never signs up again."""

from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core import ics, ratelimit, receipts

from ..registration.seats import seat_facts
from . import links, notifications
from .forms import MeetingSignupForm
from .models import InformationMeeting, MeetingSignup


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
                    return receipts.redirect_to_receipt("workflows:meeting_signup_receipt", "meeting_signup",
                                                        signup.pk, meeting.pk)
        ratelimit.refund(request, "meeting_signup")
        if full:
            form.add_error(None, _("The meeting is full. Choose another date."))
    return render(request, "workflows/meetings/signup.html", {"meeting": meeting, "form": form})


@never_cache  # it names the contact person
def signup_receipt(request, pk, token):
    signup = MeetingSignup.objects.filter(meeting=pk, pk=receipts.receipt_pk("meeting_signup", token)).select_related(
        "meeting__programme").first()
    if signup is None:
        return render(request, "workflows/meetings/receipt_gone.html", {"meeting_id": pk}, status=404)
    return render(request, "workflows/meetings/signup_done.html", {
        "meeting": signup.meeting, "signup": signup, "calendar_url": links.calendar_url(signup),
        "facts": seat_facts(signup.meeting.programme),
    })


def _signup_or_404(token):
    try:
        signup_id = links.signup_from_token(token)
    except links.InvalidLink:
        raise Http404 from None
    return get_object_or_404(MeetingSignup.objects.select_related("meeting__programme"), pk=signup_id)


@never_cache  # it holds the meeting link, which only those signed up get
def signup_calendar(request, token):
    """The sign-up's calendar file, the same entry its emails carry (so calendars update it), behind the sign-up's
    signed link: nobody can fetch another person's, or the meeting link in it, by guessing a number."""
    signup = _signup_or_404(token)
    if signup.cancelled_at:
        raise Http404
    response = HttpResponse(ics.calendar(notifications.meeting_event(signup.meeting)), content_type=ics.content_type())
    response["Content-Disposition"] = 'attachment; filename="informationsmoede.ics"'
    return response


def meeting_cancel(request, token):
    signup = _signup_or_404(token)
    if request.method == "POST" and signup.cancelled_at is None:
        signup.cancelled_at = timezone.now()
        signup.save(update_fields=["cancelled_at"])
        notifications.send_meeting_cancellation(signup)
    return render(request, "workflows/meetings/cancel.html", {"signup": signup, "meeting": signup.meeting})
