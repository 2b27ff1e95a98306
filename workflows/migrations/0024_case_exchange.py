# The case's thread and documents ("Jeres forløb"): messages both ways with attachments, the course's documents, and
# when each reader last read the thread. A message written before the thread existed was emailed whole to the
# contact person alone: it stays out of the thread (`in_thread` off), which every colleague of theirs reads.

import core.uploads
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('workflows', '0023_outcomes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='casemessage',
            name='in_thread',
            field=models.BooleanField(default=False, verbose_name='in the thread'),
        ),
        migrations.AlterField(
            model_name='casemessage',
            name='in_thread',
            field=models.BooleanField(default=True, verbose_name='in the thread'),
        ),
        migrations.AlterField(
            model_name='casemessage',
            name='subject',
            field=models.CharField(blank=True, max_length=200, verbose_name='subject'),
        ),
        migrations.CreateModel(
            name='MessageAttachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(max_length=255, upload_to=core.uploads.private_path, verbose_name='file')),
                ('filename', models.CharField(max_length=150, verbose_name='file name')),
                ('size', models.PositiveBigIntegerField(verbose_name='size')),
                ('content_type', models.CharField(max_length=100, verbose_name='type')),
                ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='uploaded')),
                ('message', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='workflows.casemessage', verbose_name='message')),
                ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
            ],
            options={
                'verbose_name': 'attachment',
                'verbose_name_plural': 'attachments',
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='CourseDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(max_length=255, upload_to=core.uploads.private_path, verbose_name='file')),
                ('filename', models.CharField(max_length=150, verbose_name='file name')),
                ('size', models.PositiveBigIntegerField(verbose_name='size')),
                ('content_type', models.CharField(max_length=100, verbose_name='type')),
                ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='uploaded')),
                ('source', models.CharField(choices=[('agency', 'Shared by the agency'), ('municipality', 'Uploaded by the municipality')], max_length=20, verbose_name='shared by')),
                ('kind', models.CharField(blank=True, choices=[('agreement', 'Collaboration agreement'), ('job_description', 'Job description for peers'), ('other', 'Other')], max_length=20, verbose_name='kind')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('description', models.TextField(blank=True, max_length=1000, verbose_name='description')),
                ('cohort', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='workflows.cohort', verbose_name='cohort')),
                ('registration', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='workflows.registration', verbose_name='registration')),
                ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
            ],
            options={
                'verbose_name': 'course document',
                'verbose_name_plural': 'course documents',
                'ordering': ['-uploaded_at', '-pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('cohort__isnull', True), ('registration__isnull', False)), models.Q(('cohort__isnull', False), ('registration__isnull', True), ('source', 'agency')), _connector='OR'), name='course_document_of_a_cohort_or_a_case')],
            },
        ),
        migrations.CreateModel(
            name='ThreadVisit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('seen_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('registration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='workflows.registration')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('registration', 'user'), name='one_visit_per_case_and_user')],
            },
        ),
    ]
