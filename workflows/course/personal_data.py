"""What who takes part (`course.participation`) stores about a person (core.personal_data), registered by
workflows/personal_data.py.

Nominees and a workshop's participants are written down by name and address, so they are found by address, and
their cases are where their names count: the course's enrolments carry a confirmed nominee's name
(`workflows.personal_data.EnrolmentData` replaces it there). Erasure deletes their rows: a nomination or a place on a
workshop's list is only about the person. What the municipality wrote in its wishes for a workshop's agenda is
searched like every other free text of a case."""

from core.personal_data import DELETE, Mentions, PersonalDataSource, change, describe, not_personal, register

from .models import Nomination, WorkshopAttendee


class ListedPeople(PersonalDataSource):
    """People listed by name, address and role in `model`, whose case is at the ORM path `case`."""

    model = None
    case = ""

    @property
    def covers(self):
        return [f"workflows.{self.model.__name__}.{name}" for name in ("name", "email", "role")]

    def _rows(self, email):
        return (self.model.objects.filter(email__iexact=email.strip())
                .select_related(f"{self.case}__municipality", f"{self.case}__cohort").order_by("pk"))

    def _case(self, row):
        for part in self.case.split("__"):
            row = getattr(row, part)
        return row

    def identify(self, email):
        return {row.name for row in self._rows(email)}, ()

    def cases(self, email):
        return {str(self._case(row).pk) for row in self._rows(email)}

    def export(self, person):
        return [{"case": str(self._case(row)), **self.details(row)} for row in self._rows(person.email)]

    def details(self, row):
        return {"name": row.name, "email": row.email, "role": row.role}

    def plan(self, person):
        return [change(row, DELETE, (), row.delete, record=describe(row), case=str(self._case(row)),
                       values=[row.name, row.email, row.role]) for row in self._rows(person.email)]


@register
class NominationData(ListedPeople):
    label = "Indstillinger til kompetenceudviklingen"
    model = Nomination
    case = "course__registration"

    @property
    def covers(self):
        return [*super().covers, "workflows.Nomination.decline_reason"]

    def details(self, row):
        return {**super().details(row), "modules": [module.title for module in row.modules.all()],
                "nominated_at": row.nominated_at.isoformat(), "status": row.status,
                "decline_reason": row.decline_reason}


@register
class WorkshopAttendeeData(ListedPeople):
    label = "Deltagere tilmeldt workshops"
    model = WorkshopAttendee
    case = "response__workshop__course__registration"

    def details(self, row):
        return {**super().details(row), "workshop": row.response.workshop.starts_at.isoformat()}


register(Mentions("Workshops: kommunernes ønsker til dagsordenen", "workflows.WorkshopResponse.agenda_wishes",
                  case="workshop__course__registration", describe=str))
not_personal("workflows.Nomination.status")  # a code of a fixed list
