"""Coordinators answer access and erasure requests and are the only ones who download lists holding personal data
(registrations, meeting sign-ups, newsletter subscribers, contact-form submissions)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["manage_personal_data", "export_personal_data"]


def _permissions(apps):
    app_config = apps.get_app_config("core")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    return apps.get_model("auth.Permission").objects.filter(content_type__app_label="core", codename__in=CODENAMES)


def grant(apps, schema_editor):
    group, _ = apps.get_model("auth.Group").objects.get_or_create(name="Coordinators")
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth.Group").objects.filter(name="Coordinators"):
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0008_task_list_index"),
        ("core", "0003_export_personal_data_permission"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
