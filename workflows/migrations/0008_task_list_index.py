"""An index on viewflow's task table for the back office's inbox (viewflow itself stays unmodified, so the index
lives here, created only if missing).

Serves `backoffice.tasks.task_list("inbox")`, its count and its page of ids:
    SELECT ... FROM viewflow_task WHERE owner_id = %s AND status = 'ASSIGNED' AND flow_task IN (...)
Without it PostgreSQL ANDs the single-column owner and status indexes, and the owner index holds every task the
adviser ever finished (the archive), so the inbox grew with history; with it the inbox reads only its own rows."""

from django.db import migrations

INDEX = "workflows_task_owner_status_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("viewflow", "0015_task_scheduled"),
        ("workflows", "0007_course_permissions"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON viewflow_task (owner_id, status)",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
