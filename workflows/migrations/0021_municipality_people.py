# The people of a case ("Jeres forløb", workflows.municipality): the municipality's accounts bound to its case.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("workflows", "0020_case_messages"),
    ]

    operations = [
        migrations.CreateModel(
            name="CasePerson",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("role", models.CharField(choices=[("contact", "Contact person"), ("colleague", "Colleague")],
                                          max_length=20, verbose_name="role")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="added")),
                ("removed_at", models.DateTimeField(blank=True, null=True, verbose_name="removed")),
                ("invited_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                                 related_name="+", to="workflows.caseperson",
                                                 verbose_name="invited by")),
                ("registration", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="people",
                                                   to="workflows.registration", verbose_name="registration")),
                ("removed_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                                 related_name="+", to="workflows.caseperson",
                                                 verbose_name="removed by")),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="case_people",
                                           to=settings.AUTH_USER_MODEL, verbose_name="account")),
            ],
            options={
                "verbose_name": "person of a case",
                "verbose_name_plural": "people of a case",
                "ordering": ["-role", "name", "pk"],
                "constraints": [models.UniqueConstraint(fields=("registration", "user"),
                                                        name="one_person_per_case_and_user")],
            },
        ),
    ]
