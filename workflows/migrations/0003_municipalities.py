"""The 98 municipalities with their regions, from django-localflavor's per-region lists."""

from django.db import migrations
from localflavor.dk import dk_municipalities

REGIONS = {
    "hovedstaden": dk_municipalities.REGION_HOVEDSTADEN,
    "midtjylland": dk_municipalities.REGION_MIDTJYLLAND,
    "nordjylland": dk_municipalities.REGION_NORDJYLLAND,
    "sjaelland": dk_municipalities.REGION_SJAELLAND,
    "syddanmark": dk_municipalities.REGION_SYDDANMARK,
}


def load(apps, schema_editor):
    Municipality = apps.get_model("workflows", "Municipality")
    for region, municipalities in REGIONS.items():
        for code, name in municipalities:
            Municipality.objects.update_or_create(code=code, defaults={"name": str(name), "region": region})


def unload(apps, schema_editor):
    apps.get_model("workflows", "Municipality").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("workflows", "0002_programme")]

    operations = [migrations.RunPython(load, unload)]
