from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task


class TaskDeadline(models.Model):
    """The due date of a human task (viewflow tasks have none); set by its step when the task is created
    (`steps.nodes.Step`), so the task lists can filter and sort on it."""

    task = models.OneToOneField(Task, on_delete=models.CASCADE, related_name="deadline")
    due_at = models.DateTimeField(_("due"), db_index=True)

    class Meta:
        verbose_name = _("task deadline")
        verbose_name_plural = _("task deadlines")

    def __str__(self):
        return f"{self.task_id}: {self.due_at:%Y-%m-%d %H:%M}"
