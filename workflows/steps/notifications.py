"""The email to a member of staff when a task becomes theirs, with a link straight to it in the workspace."""

from django.urls import reverse

from core.email import send_email
from core.links import absolute


def send_task_assigned(task):
    owner = task.owner
    if not owner.email:
        return
    send_email(
        to=owner.email, template="task_assigned",
        context={"owner": owner, "task": task, "registration": getattr(task.process.coerced, "registration", None),
                 "task_url": absolute(reverse("staff_task", args=[task.pk])),
                 "inbox_url": absolute(reverse("staff_tasks:inbox"))},
    )
