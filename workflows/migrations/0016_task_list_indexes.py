"""Two indexes on viewflow's task table for the workspace's lists (viewflow itself stays unmodified, so they live
here, created only if missing), as 0008 did for the inbox.

- The archive, a person's finished tasks newest first, a page at a time:
      SELECT ... FROM viewflow_task WHERE owner_id = %s AND finished IS NOT NULL ... ORDER BY finished DESC, id DESC
  Without an index PostgreSQL reads and sorts every task the person ever finished for each page; with it a page
  reads its own rows from the end of the index.
- The case list's open and overdue counts, the open tasks of a case's processes: a partial index holds only the
  open tasks, so the count does not read the case's history."""

from django.db import migrations

ARCHIVE = "workflows_task_owner_finished_idx"
OPEN = "workflows_task_open_process_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0015_calendar_sequence"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {ARCHIVE} ON viewflow_task (owner_id, finished, id)",
            f"DROP INDEX IF EXISTS {ARCHIVE}",
        ),
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {OPEN} ON viewflow_task (process_id) WHERE finished IS NULL",
            f"DROP INDEX IF EXISTS {OPEN}",
        ),
    ]
