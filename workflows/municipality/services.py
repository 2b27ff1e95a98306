"""The people of a case: their accounts, sign-in links, invitations and removals.

An account of the municipality's people is a plain Django user without staff access or password. Its username is
derived from the address (`username_for`: "kommune-" and a digest of the lower-case address), not the address itself:
one address always finds the same account (the unique username keeps two requests in the same instant from making
two), it can never be mistaken for a member of staff whose username happens to be that address, and the address is
stored once, in `email`, where erasure finds it."""

import hashlib
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from core.email import send_email
from core.models import OutboxMessage
from core.personal_data import ERASED_EMAIL

from ..registration.models import Registration
from . import links
from .models import CasePerson, PlanFeed

SIGN_IN_TEMPLATE = "municipality_sign_in"
INVITATION_TEMPLATE = "municipality_invitation"
# Sign-in emails to one address within the window, whoever asks: the rest are quietly not sent (the page says the
# same either way), so nobody can fill someone's inbox from many addresses.
EMAILS_PER_ADDRESS = 3
EMAIL_WINDOW = timedelta(minutes=10)


def normalised(email):
    return email.strip().lower()


def username_for(email):
    return "kommune-" + hashlib.sha256(normalised(email).encode()).hexdigest()[:24]


def account_for(email):
    """The account of the municipality's person with this address, made (active, no password) if new."""
    users = get_user_model()._default_manager
    username = username_for(email)
    try:
        with transaction.atomic():
            user, created = users.get_or_create(username=username, defaults={"email": normalised(email)})
    except IntegrityError:  # made by a request in the same instant
        user, created = users.get(username=username), False
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def registrations_naming(email):
    """The running registrations whose contact person (or second contact person) has this address."""
    email = normalised(email)
    if not email or email == ERASED_EMAIL:
        return Registration.objects.none()
    return Registration.objects.filter(Q(contact_email__iexact=email) | Q(second_contact_email__iexact=email)).exclude(
        status__in=[Registration.Status.DECLINED, Registration.Status.WITHDRAWN])


def _contact_name(registration, email):
    if registration.contact_email.lower() == email:
        return registration.contact_name
    return registration.second_contact_name or registration.contact_name


def ensure_contact_people(email):
    """Give the contact persons this address names their person records, the first time they ask to sign in. A
    person once removed from a case stays removed."""
    email = normalised(email)
    registrations = list(registrations_naming(email))
    if not registrations:
        return None
    user = account_for(email)
    for registration in registrations:
        CasePerson.objects.get_or_create(registration=registration, user=user, defaults={
            "name": _contact_name(registration, email), "role": CasePerson.Role.CONTACT})
    return user


def request_sign_in(email):
    """Send a sign-in link if the address belongs to a current person of some case; otherwise nothing. The caller
    answers the same either way."""
    user = ensure_contact_people(email) or get_user_model()._default_manager.filter(
        username=username_for(email)).first()
    if user is None:
        return False
    people = list(CasePerson.objects.current().filter(user=user).select_related("registration__municipality"))
    if not people or _emails_lately(user.email) >= EMAILS_PER_ADDRESS:
        return False
    send_email(to=user.email, template=SIGN_IN_TEMPLATE, context={
        "name": people[0].name, "url": links.sign_in_url(user), "minutes": links.lifetime_minutes(),
        "municipalities": sorted({person.registration.municipality.name for person in people}),
        "sign_in_page": links.sign_in_page_url(),
    })
    return True


def _emails_lately(address):
    return OutboxMessage.objects.filter(recipient__iexact=address, template=SIGN_IN_TEMPLATE,
                                        created_at__gte=timezone.now() - EMAIL_WINDOW).count()


# The audit log's actions (registered in `workflows.wagtail_hooks`). An entry names the case and the people's records,
# never their names or addresses (erasing a person deletes their record, not the audit log). The case's timeline reads
# the records themselves (`staff.timeline`).
PERSON_INVITED = "workflows.case_person_invited"
PERSON_REMOVED = "workflows.case_person_removed"
FIRST_SIGN_IN = "workflows.case_person_first_sign_in"


def note_first_sign_in(user, cvr=""):
    """The first time each person of a case signs in (by link or MitID Erhverv: `auth.sign_in`, `oidc`), the audit
    log says so, once per person record; the case's timeline reads it ("<name> signed in for the first time"). A
    sign-in by MitID Erhverv (`cvr`) opens only the cases of the municipality it named, so only those count. The
    person's row is locked while it is checked, so two sign-ins at once note it once."""
    people = CasePerson.objects.current().filter(user=user)
    if cvr:
        people = people.filter(registration__municipality__cvr=cvr)
    content_type = ContentType.objects.get_for_model(CasePerson)
    with transaction.atomic():
        for person in people.select_for_update(of=("self",)).select_related("registration"):
            if not ModelLogEntry.objects.filter(action=FIRST_SIGN_IN, content_type=content_type,
                                                object_id=str(person.pk)).exists():
                log(person, FIRST_SIGN_IN, user=user, title=str(person.registration),
                    data={"registration": person.registration_id, "by": person.pk})


def _log(person, action, by):
    """`by` (a person of the same case) did `action` to `person`."""
    log(person, action, user=by.user, title=str(by.registration),
        data={"registration": by.registration_id, "by": by.pk})


class AlreadyTakingPart(Exception):
    pass


def invite(by, name, email):
    """`by` (a contact person) adds a colleague to their case, or takes a removed one back, and emails them a
    sign-in link. Raises AlreadyTakingPart when the address is a current person of the case already."""
    registration = by.registration
    user = account_for(email)
    with transaction.atomic():
        person, created = CasePerson.objects.select_for_update().get_or_create(
            registration=registration, user=user,
            defaults={"name": name, "role": CasePerson.Role.COLLEAGUE, "invited_by": by})
        if not created:
            if CasePerson.objects.current().filter(pk=person.pk).exists():
                raise AlreadyTakingPart
            # Taken back: the record tells the current invitation (the case's timeline dates it from here); the
            # earlier invitation and removal stay in the audit log.
            person.name, person.role, person.invited_by = name, CasePerson.Role.COLLEAGUE, by
            person.created_at, person.removed_at, person.removed_by = timezone.now(), None, None
            person.save()
        _log(person, PERSON_INVITED, by)
    send_email(to=user.email, template=INVITATION_TEMPLATE, context={
        "person": person, "by": by, "registration": registration, "url": links.sign_in_url(user),
        "minutes": links.lifetime_minutes(), "sign_in_page": links.sign_in_page_url(),
    })
    return person


def remove(by, person):
    """`by` removes `person` from the case: their access ends with their next request, and their calendar address
    (`PlanFeed`) for good, so that a new invitation does not bring it back."""
    with transaction.atomic():
        person.removed_at, person.removed_by = timezone.now(), by
        person.save(update_fields=["removed_at", "removed_by"])
        PlanFeed.objects.filter(person=person).delete()
        _log(person, PERSON_REMOVED, by)
