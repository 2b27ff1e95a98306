"""What the programme stores about a person, for access and erasure requests (see core.personal_data).

A registration belongs to the municipality, so erasure keeps the case and removes the person from it; a
meeting sign-up is only about the person, so it is deleted."""

from django.db.models import Q

from core.personal_data import ERASED_EMAIL, PersonalDataSource, register

from .models import MeetingSignup, Registration

ERASED_NAME = "[slettet]"


@register
class MeetingSignupData(PersonalDataSource):
    label = "Tilmeldinger til informationsmøder"

    def _signups(self, email):
        return MeetingSignup.objects.filter(email__iexact=email).select_related("meeting", "municipality")

    def export(self, email):
        return [
            {"meeting": signup.meeting.starts_at.isoformat(), "name": signup.name, "email": signup.email,
             "municipality": signup.municipality.name, "role": signup.role, "attended": signup.attended,
             "cancelled_at": signup.cancelled_at.isoformat() if signup.cancelled_at else None}
            for signup in self._signups(email)
        ]

    def erase(self, email):
        count, _ = self._signups(email).delete()
        return count


# (name field, email field, phone field or None) of each person a registration names
ROLES = [
    ("contact_name", "contact_email", "contact_phone"),
    ("second_contact_name", "second_contact_email", None),
    ("manager_name", "manager_email", None),
]


@register
class RegistrationContactData(PersonalDataSource):
    label = "Kontaktpersoner og ledere i tilmeldinger til rådgivningsforløb"

    def _matches(self, email):
        query = Q()
        for _name, email_field, _phone in ROLES:
            query |= Q(**{f"{email_field}__iexact": email})
        return Registration.objects.filter(query).select_related("municipality", "cohort")

    def export(self, email):
        found = []
        for registration in self._matches(email):
            for name_field, email_field, phone_field in ROLES:
                if getattr(registration, email_field).lower() == email.lower():
                    found.append({
                        "registration": str(registration), "role": Registration._meta.get_field(name_field).name,
                        "name": getattr(registration, name_field), "email": getattr(registration, email_field),
                        "phone": getattr(registration, phone_field) if phone_field else "",
                    })
        return found

    def erase(self, email):
        return sum(anonymise_registration(r, only=email) for r in self._matches(email))


def anonymise_registration(registration, only=None):
    """Erase the people a registration names (all of them, or the one with the address `only`); returns how many."""
    count = 0
    for name_field, email_field, phone_field in ROLES:
        address = getattr(registration, email_field)
        if not address or (only is not None and address.lower() != only.lower()):
            continue
        setattr(registration, name_field, ERASED_NAME)
        setattr(registration, email_field, ERASED_EMAIL)
        if phone_field:
            setattr(registration, phone_field, "")
        count += 1
    registration.save()
    return count
