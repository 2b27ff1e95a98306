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


class TaskNotice(models.Model):
    """An email about a task that must go once only: the reminder before its due date, the word to the lead
    adviser once it is overdue. The row is made in the transaction that queues the email, and its uniqueness keeps
    a second run of the job, or a second host, from sending it again."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder")
        OVERDUE = "overdue", _("Overdue")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("task notice")
        verbose_name_plural = _("task notices")
        constraints = [models.UniqueConstraint(fields=["task", "kind"], name="one_task_notice_of_each_kind")]

    def __str__(self):
        return f"{self.task_id}: {self.kind}"
