"""The flows moved into the domain packages (workflows.registration.flows, .meetings.flows, .course.flows).
Viewflow stores a process's flow and a task's step as dotted paths, so the stored rows follow them."""

from django.db import migrations

MOVES = [
    ("workflows/flows.ScreeningFlow", "workflows/registration.flows.ScreeningFlow"),
    ("workflows/flows.SeatOfferFlow", "workflows/registration.flows.SeatOfferFlow"),
    ("workflows/flows.MeetingFlow", "workflows/meetings.flows.MeetingFlow"),
    ("workflows/course_flows.CourseFlow", "workflows/course.flows.CourseFlow"),
    ("workflows/course_flows.WorkshopFlow", "workflows/course.flows.WorkshopFlow"),
]


def _move(schema_editor, pairs):
    with schema_editor.connection.cursor() as cursor:
        for old, new in pairs:
            # flow_class is the flow's path; flow_task is the path plus ".<step>" (the dot keeps "ScreeningFlow" from
            # matching a longer class name).
            cursor.execute("UPDATE viewflow_process SET flow_class = %s WHERE flow_class = %s", [new, old])
            cursor.execute(
                "UPDATE viewflow_task SET flow_task = %s || SUBSTR(flow_task, %s) WHERE flow_task LIKE %s",
                [new, len(old) + 1, old + ".%"],
            )


def forwards(apps, schema_editor):
    _move(schema_editor, MOVES)


def backwards(apps, schema_editor):
    _move(schema_editor, [(new, old) for old, new in MOVES])


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0011_workspace"),
        ("viewflow", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
