"""The editors run the public site end to end: besides pages, images and documents (Wagtail's defaults) they
moderate comments, see the newsletter's subscribers and write and send its issues. Downloading the subscriber list
is personal data and needs core.export_personal_data as well (core.exports)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [
    "view_comment", "change_comment", "delete_comment",
    "view_subscriber",
    "add_newsletterissue", "change_newsletterissue", "view_newsletterissue", "delete_newsletterissue",
]


def _permissions(apps):
    app_config = apps.get_app_config("cms")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    return apps.get_model("auth.Permission").objects.filter(content_type__app_label="cms", codename__in=CODENAMES)


def grant(apps, schema_editor):
    group, _ = apps.get_model("auth.Group").objects.get_or_create(name="Editors")
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth.Group").objects.filter(name="Editors"):
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0007_page_link_blocks"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
