"""The thread of "Jeres forløb" (/forloeb/jeres/<pk>/beskeder/): the case's messages with the agency, oldest first,
and the form to write one, with attachments. An attachment is downloaded at its own address, which asks
`person_required` like every page of the case, every time, and finds the attachment only in the case's own thread:
another case's attachment is a 404, as another case is."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ..registration.models import CaseMessage, MessageAttachment
from . import exchange
from .auth import person_required
from .forms import MessageForm


@never_cache
@person_required
def thread(request, person):
    """The thread (GET), and writing to the agency (POST): a message with errors comes back with its text kept."""
    if request.method != "POST":
        return _thread_page(request, person, MessageForm())
    form = MessageForm(request.POST, request.FILES)
    if not form.is_valid():
        return _thread_page(request, person, form, status=400)
    message = exchange.write_to_agency(person, form.cleaned_data["body"], form.cleaned_data["files"])
    messages.success(request, _("Your message has been sent. The agency has been told by email."))
    return redirect(reverse("workflows:municipality_messages", args=[person.registration_id])
                    + f"#besked-{message.pk}")


def _thread_page(request, person, form, status=200):
    registration = person.registration
    since = exchange.last_seen(registration, person.user)
    thread = exchange.thread(registration)
    for message in thread:
        message.is_new = (message.direction == CaseMessage.Direction.TO_MUNICIPALITY
                          and (since is None or message.sent_at > since))
    exchange.seen(registration, person.user)
    return render(request, "workflows/municipality/messages.html", {
        "person": person, "registration": registration, "thread": thread, "form": form,
    }, status=status)


@never_cache
@person_required
def attachment(request, person, attachment_pk):
    found = get_object_or_404(MessageAttachment.objects.filter(
        message__registration_id=person.registration_id, message__in_thread=True), pk=attachment_pk)
    return found.download(request)
