"""The roles' groups hold exactly what `workflows.permissions.GRANTS` says (the permissions of our apps and the
admin access), and the data migration that granted them last carries the same table: a change to GRANTS needs a
migration."""

import importlib
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from workflows import permissions

pytestmark = pytest.mark.django_db

OURS = ["core", "workflows", "wagtailadmin"]


@pytest.mark.parametrize("role", list(permissions.GRANTS), ids=str)
def test_each_group_holds_its_grants(role):
    held = Group.objects.get(name=role).permissions.filter(content_type__app_label__in=OURS)
    assert {f"{p.content_type.app_label}.{p.codename}" for p in held} == permissions.GRANTS[role]


def test_the_latest_grants_migration_freezes_the_table():
    migrations = sorted(path.stem for path in Path(permissions.__file__).parent.joinpath("migrations").glob("0*.py"))
    frozen = [importlib.import_module(f"workflows.migrations.{name}") for name in migrations]
    latest = [module for module in frozen if hasattr(module, "GRANTS")][-1]
    assert {role: set(labels) for role, labels in latest.GRANTS.items()} == {
        str(role): labels for role, labels in permissions.GRANTS.items()}
