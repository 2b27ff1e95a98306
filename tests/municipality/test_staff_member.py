"""Who counts as staff for "Jeres forløb" (`permissions.is_staff_member`): the admin's access permission through a
group or held directly, asked in one query and remembered for the request."""

import pytest
from django.contrib.auth.models import Permission

from devtools.factories.core import UserFactory
from workflows import permissions
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
