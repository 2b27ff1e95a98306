"""Course permissions of the staff groups: advisers carry out course tasks, coordinators also assign the lead
adviser and maintain the module catalogue."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADVISER_PERMISSIONS = [
    "run_course", "view_course", "view_workshop", "view_guidancesession", "view_evaluation",
    "view_competencemodule", "view_enrolment", "change_enrolment", "add_casenote", "view_casenote",
]
COORDINATOR_PERMISSIONS = ADVISER_PERMISSIONS + [
    "assign_lead_adviser", "add_competencemodule", "change_competencemodule", "delete_competencemodule",
]


def grant(apps, schema_editor):
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
        ("workflows", "0006_course"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
