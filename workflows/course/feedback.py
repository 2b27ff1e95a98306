"""Workshop feedback: after a workshop, each participant the municipality listed for it evaluates it anonymously.

When the adviser records the workshop's outcome (`services.record_workshop_outcome`), each participant of the
municipality's answer (`WorkshopResponse`) gets an email with a link of their own (`invite`), once. The link leads to
a short form (`feedback_form`): their role, four statements on a scale from 1 to 5 and an optional comment. The
answer is stored as a `WorkshopFeedback` that names nobody, and the invitation only records that it was used, so
nothing leads from an answer to a person. A link works once and for `FEEDBACK_LINK_LIFETIME`; the secret in it is
stored only as its hash.

The answers are read per workshop type (`Workshop.audience`), never per workshop or person, and a type's figures
and comments are shown only once `MINIMUM_GROUP` answers stand behind them (`results`), the threshold every outcome
figure uses (`outcomes.results`): the adviser's page (`staff.workshop_feedback`) and the coordinators' overview read
them here."""

import hashlib
import secrets
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django import forms
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from core import ratelimit
from core.email import send_email
from core.forms import PublicForm
from core.links import absolute
from core.scheduler import periodic

from ..outcomes.results import MINIMUM_GROUP, Figure
from .models import FEEDBACK_LINK_LIFETIME, Audience, FeedbackInvitation, ParticipantRole, WorkshopFeedback

QUESTIONS = ("useful", "next_steps", "peers_heard", "recommend")  # the statements, in the form's order
AGREEING = 4  # an answer of 4 or 5 agrees with the statement
INVITATION_RETENTION = relativedelta(days=30)  # after the link expired, the invitation is kept this long
RATE_LIMIT_SCOPE = "workshop_feedback"
EMAIL_TEMPLATE = "workshop_feedback"


# -- invitations ---------------------------------------------------------------------------------------------------

def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def feedback_url(token):
    return absolute(reverse("workflows:workshop_feedback", args=[token]))


def invite(workshop):
    """Invite each participant the municipality listed for `workshop` to evaluate it: one email with a link of their
    own, and never a second (one invitation per participant and workshop). A workshop the municipality never
    answered for has nobody to invite. Returns the invitations made."""
    response = workshop.answer
    if response is None:
        return []
    made = []
    with transaction.atomic():
        for attendee in response.attendees.all():
            token = secrets.token_urlsafe(32)
            invitation, created = FeedbackInvitation.objects.get_or_create(
                workshop=workshop, attendee=attendee, defaults={"token_hash": _hash(token)})
            if created:
                send_email(to=attendee.email, template=EMAIL_TEMPLATE, context={
                    "name": attendee.name, "workshop": workshop, "url": feedback_url(token),
                    "expires_at": invitation.expires_at, "minimum": MINIMUM_GROUP})
                made.append(invitation)
    return made


class Refusal:
    """Why a link opens no form, with the status its page answers with."""

    UNKNOWN, USED, EXPIRED = "unknown", "used", "expired"
    STATUS = {UNKNOWN: 404, USED: 410, EXPIRED: 410}


def open_invitation(token):
    """(invitation, None) for a link that may still be answered, else (None, the `Refusal` reason): unknown
    (mistyped, altered, or its invitation deleted), used, or expired."""
    invitation = FeedbackInvitation.objects.select_related("workshop", "attendee").filter(
        token_hash=_hash(token)).first()
    if invitation is None:
        return None, Refusal.UNKNOWN
    if invitation.used:
        return None, Refusal.USED
    if invitation.expires_at <= timezone.now():
        return None, Refusal.EXPIRED
    return invitation, None


def answer(invitation, answers):
    """Store the participant's answers (the form's cleaned data) as an anonymous `WorkshopFeedback` and mark the
    invitation used, both or neither. One conditional update claims the invitation, so two submissions at once (a
    double click, two tabs) store one answer: the second finds it used and stores nothing. Returns whether it was
    stored."""
    now = timezone.now()
    with transaction.atomic():
        claimed = FeedbackInvitation.objects.filter(
            pk=invitation.pk, used=False, sent_at__gt=now - FEEDBACK_LINK_LIFETIME).update(used=True)
        if claimed != 1:
            return False
        WorkshopFeedback.objects.create(workshop_id=invitation.workshop_id, created_on=timezone.localdate(now),
                                        **answers)
    return True


@periodic(days=1, name="workflows.delete_old_feedback_invitations")
def delete_old_invitations():
    """An invitation names the participant it went to: it is deleted `INVITATION_RETENTION` after its link expired,
    used or not. Registered here, next to the lifetime it follows; the module is loaded with the course's flows in
    every process, the scheduler's included."""
    cutoff = timezone.now() - FEEDBACK_LINK_LIFETIME - INVITATION_RETENTION
    return FeedbackInvitation.objects.filter(sent_at__lt=cutoff).delete()[0]


# -- results ---------------------------------------------------------------------------------------------------------

@dataclass
class Statement:
    """One statement's answers in one group: their distribution (`figure`, empty below the threshold) and the share
    in per cent that agreed (4 or 5; None below the threshold)."""

    name: str
    label: str
    figure: Figure
    agreeing: int | None


@dataclass
class TypeResult:
    """The answers about one workshop type: how many there are (`n`), and, once at least `MINIMUM_GROUP`, each
    statement's figures and the comments (in alphabetical order: neither the order of answering nor the workshop
    shows). Below the threshold `statements` and `comments` are empty, so no page can show them by mistake."""

    audience: str
    label: str
    n: int
    statements: list = field(default_factory=list)
    comments: list = field(default_factory=list)

    @property
    def shown(self):
        return self.n >= MINIMUM_GROUP

    def statement(self, name):
        """The figures of the statement `name` (one of `QUESTIONS`), or None below the threshold."""
        return next((statement for statement in self.statements if statement.name == name), None)


def _statement(name, values):
    figure = Figure.of(values)
    agreeing = round(100 * sum(1 for value in values if value >= AGREEING) / len(values)) if figure.shown else None
    return Statement(name, WorkshopFeedback._meta.get_field(name).verbose_name, figure, agreeing)


def results(feedback=None):
    """[TypeResult] for every workshop type, in the types' order, of `feedback` (a queryset of `WorkshopFeedback`,
    by default all). One query."""
    rows = (feedback if feedback is not None else WorkshopFeedback.objects.all()).order_by().values_list(
        "workshop__audience", *QUESTIONS, "comment")
    grouped = {}
    for audience, *values, comment in rows:
        grouped.setdefault(audience, []).append((values, comment))
    found = []
    for audience, label in Audience.choices:
        answers = grouped.get(audience, [])
        result = TypeResult(audience, label, len(answers))
        if result.shown:
            result.statements = [_statement(name, [values[index] for values, _comment in answers])
                                 for index, name in enumerate(QUESTIONS)]
            result.comments = sorted(comment for _values, comment in answers if comment)
        found.append(result)
    return found


# -- the participant's form ----------------------------------------------------------------------------------------

SCALE = [(1, _("1 – strongly disagree")), (2, "2"), (3, "3"), (4, "4"), (5, _("5 – strongly agree"))]


def _scale(name):
    return forms.TypedChoiceField(label=WorkshopFeedback._meta.get_field(name).verbose_name, choices=SCALE,
                                  coerce=int, widget=forms.RadioSelect)


class FeedbackForm(PublicForm, forms.Form):
    role = forms.ChoiceField(label=_("Your role in the municipality"), choices=ParticipantRole.choices,
                             widget=forms.RadioSelect)
    useful = _scale("useful")
    next_steps = _scale("next_steps")
    peers_heard = _scale("peers_heard")
    recommend = _scale("recommend")
    comment = forms.CharField(
        label=_("Anything else you want to tell us? (optional)"), required=False,
        max_length=WorkshopFeedback._meta.get_field("comment").max_length, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Please leave out names: your adviser reads the comments, together with the others about the same "
                    "type of workshop."))


def _refused(request, reason):
    return render(request, "workflows/course/feedback_gone.html",
                  {"reason": reason, "days": FEEDBACK_LINK_LIFETIME.days}, status=Refusal.STATUS[reason])


@never_cache  # the link is the participant's own; no copy of the page is kept anywhere
def feedback_form(request, token):
    """The emailed link's page: the form, then a thank-you. Following the link (as mail scanners do) uses nothing:
    only sending the form does. Every sending counts against the public forms' attempt limit (`core.ratelimit`);
    the stricter limit on accepted submissions is not needed, since each link stores one answer at most, and it
    would turn away colleagues answering from one municipal network."""
    invitation, refusal = open_invitation(token)
    if refusal:
        return _refused(request, refusal)
    form = FeedbackForm(request.POST or None,
                        initial={"role": invitation.attendee.role if invitation.attendee else None})
    if request.method == "POST" and ratelimit.check(request, RATE_LIMIT_SCOPE, form) and form.is_valid():
        if answer(invitation, form.cleaned_data):
            return redirect("workflows:workshop_feedback_thanks")
        return _refused(request, Refusal.USED)
    return render(request, "workflows/course/feedback_form.html", {
        "form": form, "workshop": invitation.workshop, "expires_at": invitation.expires_at,
        "minimum": MINIMUM_GROUP})


def feedback_thanks(request):
    """The receipt: the same words for everyone, so its address names no answer."""
    return render(request, "workflows/course/feedback_thanks.html")
