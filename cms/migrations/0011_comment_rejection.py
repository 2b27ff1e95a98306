from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("cms", "0010_home_page_heading"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="rejected_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="rejected"),
        ),
        migrations.AddField(
            model_name="comment",
            name="rejection_reason",
            field=models.TextField(blank=True, help_text="Sent to the commenter by email. Write it as you would to them.", max_length=1000, verbose_name="reason for rejection"),
        ),
    ]
