# Emails about a task that go once only (steps.models.TaskNotice): reminders and overdue notices of the municipality's tasks.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('viewflow', '0015_task_scheduled'),
        ('workflows', '0025_plan_feed_and_cvr'),
    ]

    operations = [
        migrations.CreateModel(
            name='TaskNotice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('reminder', 'Reminder'), ('overdue', 'Overdue')], max_length=10, verbose_name='kind')),
                ('sent_at', models.DateTimeField(auto_now_add=True, verbose_name='sent')),
                ('task', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notices', to='viewflow.task')),
            ],
            options={
                'verbose_name': 'task notice',
                'verbose_name_plural': 'task notices',
                'constraints': [models.UniqueConstraint(fields=('task', 'kind'), name='one_task_notice_of_each_kind')],
            },
        ),
    ]
