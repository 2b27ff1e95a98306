"""Task and admin permissions of the staff groups.

Viewflow shows a task in a user's queue only with the task's permission *and* `view_<process model>`."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADVISER_PERMISSIONS = [
    "screen_registration", "view_registrationprocess", "take_attendance", "view_meetingprocess",
    "view_registration", "view_programme", "view_cohort", "view_informationmeeting", "view_meetingsignup",
    "change_meetingsignup",
]
COORDINATOR_PERMISSIONS = ADVISER_PERMISSIONS + [
    "offer_seat",
    "add_programme", "change_programme",
    "add_cohort", "change_cohort", "delete_cohort",
    "add_informationmeeting", "change_informationmeeting", "delete_informationmeeting",
    "change_registration", "view_decisiontext", "change_decisiontext",
]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create ours now so they can be granted.
    app_config = apps.get_app_config("workflows")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for name, codenames in (("Advisers", ADVISER_PERMISSIONS), ("Coordinators", COORDINATOR_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="workflows", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    perms = Permission.objects.filter(content_type__app_label="workflows", codename__in=COORDINATOR_PERMISSIONS)
    for group in Group.objects.filter(name__in=["Advisers", "Coordinators"]):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0004_decision_texts"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
