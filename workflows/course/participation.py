"""Who of the municipality takes part: its nominations for the competence modules, and its answer before each
workshop. The municipality's people submit them in "Jeres forløb"; the competence partner decides the nominations,
and the adviser reads the workshop's answer while preparing it.

A nominee is a person (a name and an address): a confirmed nomination becomes the course's enrolments in the chosen
modules, each pointing back to it, so the completions recorded a year on still reach the person. Addresses are
stored in lower case, and one address is nominated once per course and comes once per workshop."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Enrolment, Nomination, WorkshopAttendee, WorkshopResponse


def normalised(email):
    return email.strip().lower()


class AlreadyNominated(ValueError):
    """One of the addresses has been nominated for this course before."""

    def __init__(self, emails):
        super().__init__(", ".join(emails))
        self.emails = emails


def nominated_addresses(course):
    return set(course.nominations.values_list("email", flat=True))


def nominate(course, people, by=None):
    """Nominate `people` (dicts of name, email, role and modules) for the course's competence modules, all or none;
    `by` is the municipality's person who sends them. Raises AlreadyNominated for an address nominated before."""
    emails = [normalised(person["email"]) for person in people]
    taken = sorted(nominated_addresses(course).intersection(emails))
    if taken or len(set(emails)) < len(emails):
        raise AlreadyNominated(taken or sorted({email for email in emails if emails.count(email) > 1}))
    now = timezone.now()
    try:
        with transaction.atomic():
            nominations = []
            for person, email in zip(people, emails, strict=True):
                nomination = Nomination.objects.create(
                    course=course, name=person["name"].strip(), email=email, role=person["role"],
                    nominated_by=by, nominated_at=now)
                nomination.modules.set(person["modules"])
                nominations.append(nomination)
    except IntegrityError:  # nominated by a colleague in the same instant
        raise AlreadyNominated(sorted(nominated_addresses(course).intersection(emails))) from None
    return nominations


def participant_label(nomination, module):
    """The name an enrolment carries: the nominee's, or with their address when someone else of the same name is
    enrolled in the module already (enrolments are unique by course, module and name)."""
    namesakes = Enrolment.objects.filter(course=nomination.course, module=module, participant=nomination.name)
    if not namesakes.exclude(nomination=nomination).exists():
        return nomination.name
    limit = Enrolment._meta.get_field("participant").max_length
    suffix = f" ({nomination.email})"
    return nomination.name[:limit - len(suffix)] + suffix


def confirm(nomination, by):
    """The competence partner confirms: the person is enrolled in every module they were nominated for."""
    with transaction.atomic():
        nomination.status, nomination.decided_by, nomination.decided_at = (
            Nomination.Status.CONFIRMED, by, timezone.now())
        nomination.decline_reason = ""
        nomination.save(update_fields=["status", "decided_by", "decided_at", "decline_reason"])
        for module in nomination.modules.all():
            Enrolment.objects.get_or_create(course=nomination.course, module=module, nomination=nomination,
                                            defaults={"participant": participant_label(nomination, module)})


def decline(nomination, reason, by):
    """The competence partner declines, saying why (the municipality reads the reason)."""
    reason = reason.strip()
    if not reason:
        raise ValueError(_("Give the municipality a reason when you decline."))
    nomination.status, nomination.decided_by, nomination.decided_at = Nomination.Status.DECLINED, by, timezone.now()
    nomination.decline_reason = reason
    nomination.save(update_fields=["status", "decided_by", "decided_at", "decline_reason"])


def decide(decisions, by):
    """Apply the partner's decisions, all or none: [(nomination, confirmed?, reason)]."""
    with transaction.atomic():
        for nomination, confirmed, reason in decisions:
            if confirmed:
                confirm(nomination, by)
            else:
                decline(nomination, reason, by)


def awaiting(course):
    """The course's nominations the partner has yet to decide, with their modules."""
    return course.nominations.filter(status=Nomination.Status.NOMINATED).prefetch_related("modules")


def response_to(workshop):
    """The municipality's answer before `workshop`, with its people, or None while it has not answered."""
    return (WorkshopResponse.objects.filter(workshop=workshop).select_related("submitted_by")
            .prefetch_related("attendees").first())


def respond_to_workshop(workshop, attendees, citizens, agenda_wishes, by=None):
    """The municipality's answer before `workshop`: its people who come (dicts of name, email, role), how many
    citizens, its wishes for the agenda. Answering again replaces the earlier answer."""
    with transaction.atomic():
        WorkshopResponse.objects.filter(workshop=workshop).delete()
        response = WorkshopResponse.objects.create(
            workshop=workshop, citizens=citizens, agenda_wishes=agenda_wishes.strip(), submitted_by=by)
        WorkshopAttendee.objects.bulk_create(
            WorkshopAttendee(response=response, name=person["name"].strip(), email=normalised(person["email"]),
                             role=person["role"]) for person in attendees)
    return response
