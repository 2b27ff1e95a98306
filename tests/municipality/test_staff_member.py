"""Who counts as staff for "Jeres forløb" (`permissions.is_staff_member`): the admin's access permission through a
group or held directly, asked in one query (or with the person record) and remembered for the request; and a task
of the case `current_person` checked in the same request needs no second look."""

import pytest
from django.contrib.auth.models import Permission
from viewflow.workflow.models import Task

from devtools.factories.core import UserFactory
from devtools.factories.workflows import CasePersonFactory
from tests.support.municipality_tasks import municipality_task
from workflows import permissions
from workflows.course.flows import CourseFlow
from workflows.municipality.models import CasePerson
from workflows.municipality.services import ensure_contact_people
from workflows.permissions import Role

pytestmark = pytest.mark.django_db


def admin_access():
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def test_a_plain_account_is_not_staff_and_the_answer_is_asked_once(django_assert_num_queries):
    user = UserFactory()
    with django_assert_num_queries(1):
        assert not permissions.is_staff_member(user)
        assert not permissions.is_staff_member(user)


@pytest.mark.parametrize("role", list(Role))
def test_every_role_is_staff_through_its_group(role):
    assert permissions.is_staff_member(UserFactory(groups=[role]))


def test_the_permission_held_directly_is_staff():
    user = UserFactory()
    user.user_permissions.add(admin_access())
    assert permissions.is_staff_member(user)


def test_an_inactive_account_holds_no_permission_as_for_has_perm():
    user = UserFactory(groups=[Role.ADVISER], is_active=False)
    assert permissions.is_staff_member(user) == user.has_perm("wagtailadmin.access_admin") is False


def test_a_person_record_read_with_its_staff_membership_answers_without_a_query(django_assert_num_queries, case):
    """`current_person` reads whether the account works in the admin with the person (`with_staff_membership`):
    `may_take_part` then asks nothing more, and refuses staff as before."""
    staff_member = UserFactory(groups=[Role.ADVISER])
    CasePersonFactory(registration=case.aarhus, user=staff_member)
    contact_user = ensure_contact_people(case.aarhus.contact_email)
    people = {person.user_id: person for person in permissions.with_staff_membership(
        CasePerson.objects.filter(registration=case.aarhus))}
    contact = people[contact_user.pk]
    with django_assert_num_queries(0):
        assert not permissions.may_take_part(staff_member, people[staff_member.pk])
        assert permissions.may_take_part(contact_user, contact)
        assert not permissions.may_take_part(contact_user, people[staff_member.pk])  # another person's record


def _loaded(task):
    return Task.objects.select_related("process__registrationprocess").get(pk=task.pk)


def test_a_task_of_the_case_checked_in_this_request_needs_no_query_and_opens_no_other_case(
        django_assert_num_queries, case):
    aarhus_person = ensure_contact_people(case.aarhus.contact_email)
    odense_person = ensure_contact_people(case.odense.contact_email)
    task = _loaded(municipality_task(case.aarhus, CourseFlow.set_goals))
    aarhus_person.current_person_of = {case.aarhus.pk}  # as `municipality.auth.current_person` leaves it
    permissions.is_staff_member(aarhus_person)
    with django_assert_num_queries(0):
        assert permissions.may_do_municipality_task(aarhus_person, task)
    # Another case's person, checked for their own case in this request, is asked the database: not theirs.
    odense_person.current_person_of = {case.odense.pk}
    assert not permissions.may_do_municipality_task(odense_person, task)
    # A MitID Erhverv session with no CVR number bound opens no task, even of the case checked in this request.
    aarhus_person.mitid_cvr = ""
    assert not permissions.may_do_municipality_task(aarhus_person, task)
