"""Who may do what, in one place: the roles, the named permissions each holds, and the checks that views, menus,
flows and templates all go through.

Roles are Django groups. Each holds named permissions (`GRANTS`), granted by data migrations, so an operator sees
them in the Wagtail admin's group editor and tests compare the groups with this table. Code never asks for a group
by name: it asks one of the checks below, which ask for permissions.

- Advisers screen registrations, host information meetings and run the courses they lead. They see every case (a
  colleague covers for one on leave) but act on a case only when they lead it or hold one of its open tasks.
- Coordinators do everything advisers do on every case, and coordinate: assign lead advisers, offer freed seats,
  hand tasks to colleagues, withdraw a case, see the overview, manage the programme, answer personal-data requests.
- Competence partners (the university college, the peer organisation) deliver the competence development: they see
  only that strand of the courses they are assigned to, enrol participants and record completed modules.
- Editors run the public website in the Wagtail admin (`cms`); they have no part in the cases.

Need to know: which kinds of a case's data (`CaseData`) each permission lets a person see is declared once
(`SEES`); every screen that shows case data asks `may_see` (the task screen's panels, the case page's tabs and
timeline, the exports), and tests/staff/test_need_to_know.py plants a marker in every kind of data and checks every
page and export each role reaches against this table.
"""

from enum import StrEnum

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from viewflow.workflow.models import Task


class Role(StrEnum):
    ADVISER = "Advisers"
    COORDINATOR = "Coordinators"
    PARTNER = "Competence partners"
    EDITOR = "Editors"  # Wagtail's own group, given the cms permissions by cms's migrations


# Named permissions. Codenames live on the models' Meta (registration, course, meetings, core).
WORK_CASES = "workflows.work_cases"
COORDINATE = "workflows.coordinate"
SCREEN_REGISTRATION = "workflows.screen_registration"
OFFER_SEAT = "workflows.offer_seat"
TAKE_ATTENDANCE = "workflows.take_attendance"
RUN_COURSE = "workflows.run_course"
ASSIGN_LEAD_ADVISER = "workflows.assign_lead_adviser"
DELIVER_COMPETENCE = "workflows.deliver_competence"
MANAGE_PERSONAL_DATA = "core.manage_personal_data"
EXPORT_PERSONAL_DATA = "core.export_personal_data"

_ADVISER = {
    "wagtailadmin.access_admin", WORK_CASES, SCREEN_REGISTRATION, TAKE_ATTENDANCE, RUN_COURSE,
    # viewflow lists a process's tasks only to those who may view the process
    "workflows.view_registrationprocess", "workflows.view_meetingprocess",
    "workflows.view_registration", "workflows.view_programme", "workflows.view_cohort",
    "workflows.view_informationmeeting", "workflows.view_meetingsignup", "workflows.change_meetingsignup",
    "workflows.view_course", "workflows.view_workshop", "workflows.view_guidancesession", "workflows.view_evaluation",
    "workflows.view_competencemodule", "workflows.view_enrolment", "workflows.change_enrolment",
    "workflows.add_casenote", "workflows.view_casenote",
}
GRANTS = {
    Role.ADVISER: _ADVISER,
    Role.COORDINATOR: _ADVISER | {
        COORDINATE, OFFER_SEAT, ASSIGN_LEAD_ADVISER, MANAGE_PERSONAL_DATA, EXPORT_PERSONAL_DATA,
        "workflows.add_programme", "workflows.change_programme",
        "workflows.add_cohort", "workflows.change_cohort", "workflows.delete_cohort",
        "workflows.add_informationmeeting", "workflows.change_informationmeeting",
        "workflows.delete_informationmeeting", "workflows.change_registration",
        "workflows.view_decisiontext", "workflows.change_decisiontext",
        "workflows.add_competencemodule", "workflows.change_competencemodule", "workflows.delete_competencemodule",
    },
    Role.PARTNER: {
        "wagtailadmin.access_admin", DELIVER_COMPETENCE,
        "workflows.view_competencemodule", "workflows.view_enrolment", "workflows.change_enrolment",
    },
}


class CaseData(StrEnum):
    """The kinds of data a case holds."""

    APPLICATION = "application"  # the municipality's answers: motivation, experience with peers, work areas, decision
    CONTACTS = "contacts"  # the people it names: contact persons, the manager, their addresses and phones
    HISTORY = "history"  # the timeline: steps done and by whom, the emails sent and to whom, the messages and
    # documents exchanged with the municipality
    NOTES = "notes"  # the staff's internal notes
    COURSE = "course"  # kickoff, workshops, guidance sessions, evaluations
    COMPETENCE = "competence"  # the participants, their modules and completions


# Which kinds of case data each permission opens (on the cases the person may see at all, `may_see_case`): advisers
# and coordinators work the whole case; a competence partner needs the participants and modules of the courses they
# serve, and nothing of the application, its people, the staff's notes or the emails.
SEES = {
    WORK_CASES: frozenset(CaseData),
    DELIVER_COMPETENCE: frozenset({CaseData.COMPETENCE}),
}


def case_data_seen(user, registration):
    """The kinds of `registration`'s data `user` may see (empty when the case is not theirs to see)."""
    if not user.is_authenticated or not may_see_case(user, registration):
        return frozenset()
    return frozenset().union(*(parts for permission, parts in SEES.items() if user.has_perm(permission)))


def may_see(user, registration, part):
    return part in case_data_seen(user, registration)


def may_export(user, part):
    """Whether `user` may take `part` of the cases they see out of the platform in a list (the case list's export):
    a kind of data their permissions open (`SEES`) that is personal data (contacts) only with
    `EXPORT_PERSONAL_DATA`."""
    opened = user.is_authenticated and any(part in parts and user.has_perm(permission)
                                           for permission, parts in SEES.items())
    return opened and (part != CaseData.CONTACTS or user.has_perm(EXPORT_PERSONAL_DATA))


def may_work_cases(user):
    """The staff workspace: tasks, cases, calendar (advisers and coordinators)."""
    return user.is_authenticated and user.has_perm(WORK_CASES)


def is_coordinator(user):
    return user.is_authenticated and user.has_perm(COORDINATE)


def delivers_competence(user):
    return user.is_authenticated and user.has_perm(DELIVER_COMPETENCE)


def may_have_tasks(user):
    """Task lists and screens: whoever works on cases, and competence partners (the competence strand's steps)."""
    return may_work_cases(user) or delivers_competence(user)


def may_withdraw_case(user):
    return is_coordinator(user)


def may_see_case(user, registration):
    if may_work_cases(user):
        return True
    course = getattr(registration, "course", None)
    return delivers_competence(user) and course is not None and course.competence_partner_id == user.pk


def holds_open_task(user, registration):
    return Task.objects.filter(process__registrationprocess__registration=registration, owner=user,
                               finished__isnull=True).exists()


def may_act_on_case(user, registration):
    """Notes and other changes on the case itself: coordinators; the lead adviser; an adviser holding one of its
    open tasks."""
    if is_coordinator(user):
        return True
    if not may_work_cases(user):
        return False
    return registration.lead_adviser_id == user.pk or holds_open_task(user, registration)


def may_write_to_municipality(user, registration):
    """Write to the municipality from its case (`municipality.exchange.write_to_municipality`): the case's lead
    adviser, who answers the reply, and coordinators. An adviser who only holds one of its tasks asks the lead
    adviser."""
    if is_coordinator(user):
        return True
    return may_work_cases(user) and registration.lead_adviser_id == user.pk


def may_share_document(user, registration, cohort=False):
    """Share a document with the municipality of `registration` (`municipality.exchange.share_document`): whoever
    writes to it; with its whole cohort (`cohort`), coordinators only."""
    return is_coordinator(user) if cohort else may_write_to_municipality(user, registration)


def may_delete_shared_document(user, document):
    """Take back a document the agency shared: who shared it, while they may share on the case, and coordinators.
    The municipality's own uploads are the municipality's to delete."""
    if document.from_municipality or not may_work_cases(user):
        return False
    return is_coordinator(user) or (document.uploaded_by_id == user.pk and document.registration is not None
                                     and may_share_document(user, document.registration))


def may_edit_note(user, note):
    """Correct an internal note: its author alone, while they may see the case's notes. Nobody edits a colleague's
    words, a coordinator neither: a note is signed by the one who wrote it."""
    return (user.is_authenticated and note.author_id == user.pk
            and may_see(user, note.registration, CaseData.NOTES))


def may_record_competence(user, registration):
    """Enrol participants and record completed modules: whoever may act on the case, and its competence partner."""
    if may_act_on_case(user, registration):
        return True
    course = getattr(registration, "course", None)
    return delivers_competence(user) and course is not None and course.competence_partner_id == user.pk


def is_municipality_task(task):
    """A task the municipality's people do in "Jeres forløb" (`steps.nodes.MunicipalityStep`): no member of staff
    takes, releases, hands on or does it."""
    return getattr(task.flow_task, "by_municipality", False)


def may_release(user, task):
    """Put a task back in the queue: its owner, or a coordinator (never the municipality's task)."""
    return not is_municipality_task(task) and (task.owner_id == user.pk or is_coordinator(user))


def may_reassign(user, task):
    """Hand a task to a colleague: a coordinator any open task; an adviser their own, or one nobody holds yet; the
    municipality's task never."""
    if is_municipality_task(task):
        return False
    if is_coordinator(user):
        return True
    return may_work_cases(user) and task.owner_id in (None, user.pk)


def users_with(permission):
    """Active users who hold `permission` through a group or directly (superusers aside: they hold everything but
    are not on any team)."""
    app_label, codename = permission.split(".", 1)
    held = Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label) | Q(
        user_permissions__codename=codename, user_permissions__content_type__app_label=app_label)
    return get_user_model().objects.filter(held, is_active=True).distinct()


# The municipality's people ("Jeres forløb", workflows.municipality): each is a plain account bound to a case by a
# person record (`CasePerson`). These checks take that record, already read as current (`CasePerson.objects.current`
# through `municipality.auth.current_person`), and never look a case up by itself.

def _holds_admin_access(user):
    """Whether the account (a user, or a reference to one in an outer query) holds the admin's access permission,
    through a group or directly."""
    return Permission.objects.filter(Q(group__user=user) | Q(user=user), content_type__app_label="wagtailadmin",
                                     codename="access_admin")


def with_staff_membership(people):
    """Person records (`CasePerson`) that know, from the same query, whether their account holds the admin's access
    permission: `may_take_part` then asks the database nothing more."""
    return people.annotate(account_holds_admin_access=Exists(_holds_admin_access(OuterRef("user"))))


def is_staff_member(user):
    """Anyone who works in the admin: never a person of a municipality's case, whatever their address.

    Asked on every page of "Jeres forløb", where nothing else needs the account's permissions: so it asks the
    database once whether the account holds the admin's access permission (through a group or directly) instead of
    loading all its permissions as `has_perm` does (two queries), and remembers the answer on the user object for
    the rest of the request (the task checks ask again); `may_take_part` answers it from the person's own query
    (`with_staff_membership`). An inactive account holds no permission, as for `has_perm`."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    known = getattr(user, "_is_staff_member", None)  # request.user is a lazy object: no __dict__ test here
    if known is None:
        known = user._is_staff_member = user.is_active and _holds_admin_access(user).exists()
    return known


def may_take_part(user, person):
    """See the case's plan and people: the signed-in user is this current person of the case, and not staff."""
    if person is None or person.user_id != user.pk:
        return False
    held = getattr(person, "account_holds_admin_access", None)
    if held is not None and getattr(user, "_is_staff_member", None) is None:
        user._is_staff_member = user.is_active and held
    return not is_staff_member(user)


def may_invite_people(person):
    """Invite colleagues to the case: its contact persons, while the registration runs."""
    return person.is_contact and person.registration.is_active


def may_remove_person(person, other, contacts_left):
    """Remove `other` from the case: a contact person removes anyone else of it, except the last contact person
    (`contacts_left`: the case's current contact persons); nobody removes themselves."""
    return (person.is_contact and other.registration_id == person.registration_id and other.pk != person.pk
            and other.removed_at is None and not (other.is_contact and contacts_left <= 1))


def may_do_municipality_task(user, task):
    """Take and submit a municipality's task (`steps.nodes.MunicipalityStep`): a current person of the task's own
    case, never staff and never a person of another case. Read through the account's own person records, so it needs
    no case looked up first: one query.

    An account signed in by MitID Erhverv carries the CVR number its session is bound to (`mitid_cvr`: set empty by
    `municipality.oidc.MitIDErhvervBackend.get_user` on each request, then to the session's number by
    `municipality.auth.current_person`), and may do only the tasks of that municipality's cases; with no number
    bound, none."""
    if not user.is_authenticated or is_staff_member(user):
        return False
    cvr = getattr(user, "mitid_cvr", None)
    if cvr is not None and not cvr:
        return False
    if _loaded_case_id(task) in getattr(user, "current_person_of", ()):
        return True  # `municipality.auth.current_person` found them a current person of it in this request
    people = user.case_people.current().filter(registration__processes__pk=task.process_id)
    if cvr:
        people = people.filter(registration__municipality__cvr=cvr)
    return people.exists()


def _loaded_case_id(task):
    """The id of the task's case when its process was read with its registration part, else None (no query)."""
    if not Task.process.is_cached(task):
        return None
    process = task.process
    part = type(process).registrationprocess.related
    return process.registrationprocess.registration_id if part.is_cached(process) else None


def may_delete_upload(person, document):
    """Delete a document the municipality uploaded to its case: who uploaded it, and the case's contact persons."""
    return (document.from_municipality and document.registration_id == person.registration_id
            and (document.uploaded_by_id == person.user_id or person.is_contact))


def may_stand_in(user, task, now=None, registration=None):
    """Finish a municipality's task for it (`steps.stand_in`: fill it in on its behalf, or go on without it): the
    lead adviser of the task's case and coordinators, once the task is overdue and while it is open. Which of the two
    a step allows is the step's own (`MunicipalityStep.may_fill_in`, `may_go_on`); `may_fill_in_for_municipality`
    and `may_go_on_without` ask both. `registration`: the task's case, when the caller has it already."""
    if not is_municipality_task(task) or task.finished is not None or not may_work_cases(user):
        return False
    deadline = getattr(task, "deadline", None)
    if deadline is None or deadline.due_at >= (now or timezone.now()):
        return False
    if is_coordinator(user):
        return True
    registration = registration or getattr(task.process.coerced, "registration", None)
    return registration is not None and registration.lead_adviser_id == user.pk


def may_fill_in_for_municipality(user, task, now=None, registration=None):
    """Fill in the municipality's overdue task on its behalf, where its step allows that."""
    return bool(getattr(task.flow_task, "may_fill_in", False)) and may_stand_in(user, task, now, registration)


def may_go_on_without(user, task, now=None, registration=None):
    """Go on without the municipality's answer to its overdue task, where its step allows that."""
    return bool(getattr(task.flow_task, "may_go_on", False)) and may_stand_in(user, task, now, registration)
