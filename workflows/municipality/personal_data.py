"""What "Jeres forløb" stores about a person (core.personal_data), registered by workflows/personal_data.py.

A person of a case is found by their account's address. Erasure deletes their person records and then their account,
which exists only for this (a member of staff's account is never one of them). The people of the person's cases are
those whose mail may be about them: an invitation names the contact person who sent it."""

from django.db import transaction

from core.personal_data import DELETE, PersonalDataSource, change, describe, register

from .. import permissions
from .models import CasePerson


def _case_pks(keys):
    return [int(key) for key in keys if str(key).isdigit()]


@register
class CasePeopleData(PersonalDataSource):
    label = "Kommunernes folk i Jeres forløb"
    covers = ["workflows.CasePerson.name"]

    def _people(self, email):
        return (CasePerson.objects.filter(user__email__iexact=email.strip())
                .select_related("user", "registration__municipality", "registration__cohort").order_by("pk"))

    def identify(self, email):
        return {person.name for person in self._people(email)}, ()

    def cases(self, email):
        return {str(person.registration_id) for person in self._people(email)}

    def addresses(self, person):
        return {other.user.email: str(other.registration) for other in CasePerson.objects.filter(
            registration_id__in=_case_pks(person.cases)).select_related("user", "registration__municipality",
                                                                        "registration__cohort")}

    def export(self, person):
        return [{"case": str(row.registration), "name": row.name, "email": row.user.email, "role": row.role,
                 "added": row.created_at.isoformat(),
                 "removed": row.removed_at.isoformat() if row.removed_at else None}
                for row in self._people(person.email)]

    def plan(self, person):
        return [change(row, DELETE, (), self._deleter(row.pk), record=describe(row, str(row.registration)),
                       case=str(row.registration), values=[row.name, row.user.email, row.role, row.removed_at])
                for row in self._people(person.email)]

    @staticmethod
    def _deleter(pk):
        def apply():
            with transaction.atomic():
                row = CasePerson.objects.select_related("user").filter(pk=pk).first()
                if row is None:
                    return
                user = row.user
                row.delete()
                if not user.case_people.exists() and not permissions.is_staff_member(user):
                    user.delete()
        return apply
