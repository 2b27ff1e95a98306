"""The plan as a calendar subscription (`PlanFeed`), every subscription found by its token's first characters
(`core.ics.Subscription.selector`, filled here for the staff's existing ones), and the municipalities' CVR numbers
for the sign-in by MitID Erhverv (entered in the admin: no checked list of the 98 numbers ships with the project)."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

import core.ics


def fill_selectors(apps, schema_editor):
    CalendarFeed = apps.get_model("workflows", "CalendarFeed")
    for feed in CalendarFeed.objects.all():
        feed.selector = feed.token[:core.ics.SELECTOR_LENGTH]
        feed.save(update_fields=["selector"])


class Migration(migrations.Migration):

    dependencies = [
        ('workflows', '0024_case_exchange'),
    ]

    operations = [
        migrations.CreateModel(
            name='PlanFeed',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.CharField(default=core.ics.new_token, editable=False, max_length=64, unique=True)),
                ('selector', models.CharField(db_index=True, editable=False, max_length=12)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('person', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='calendar_feed', to='workflows.caseperson', verbose_name='person of a case')),
            ],
            options={
                'verbose_name': 'calendar subscription of a plan',
                'verbose_name_plural': 'calendar subscriptions of plans',
            },
        ),
        migrations.AddField(
            model_name='calendarfeed',
            name='selector',
            field=models.CharField(db_index=True, default='', editable=False, max_length=12),
            preserve_default=False,
        ),
        migrations.RunPython(fill_selectors, migrations.RunPython.noop),
        migrations.AddField(
            model_name='municipality',
            name='cvr',
            field=models.CharField(blank=True, help_text="Eight digits. People who sign in with MitID Erhverv for this CVR number reach this municipality's courses (if they have been invited).", max_length=8, validators=[django.core.validators.RegexValidator('^[0-9]{8}$', 'A CVR number has eight digits.')], verbose_name='CVR number'),
        ),
        migrations.AddConstraint(
            model_name='municipality',
            constraint=models.UniqueConstraint(condition=models.Q(('cvr', ''), _negated=True), fields=('cvr',), name='one_municipality_per_cvr'),
        ),
    ]
