from django.conf import settings
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
    """An email about a task that must go once only: the word that it has come, the reminder before its due date,
    the word to the lead adviser once it is overdue. The row is made in the transaction that queues the email, and
    its uniqueness keeps a second run of the job, or a second host, from sending it again."""

    class Kind(models.TextChoices):
        ANNOUNCED = "announced", _("New task")
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


class TaskStandIn(models.Model):
    """A municipality's task that staff finished for it once it was overdue (`steps.stand_in`): the lead adviser
    (or a coordinator) filled it in on the municipality's behalf, with answers got by phone or on paper, or went on
    without it, giving a reason. Either way the task was executed through viewflow, so the flow went on; this row
    says how, and every page that says who sent a task reads it first."""

    class Kind(models.TextChoices):
        FILLED_IN = "filled_in", _("Filled in for the municipality")
        WENT_ON = "went_on", _("Went on without the municipality")

    task = models.OneToOneField(Task, on_delete=models.CASCADE, related_name="stand_in")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                           verbose_name=_("by"))
    reason = models.TextField(_("reason"), blank=True, max_length=3000)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("task done for the municipality")
        verbose_name_plural = _("tasks done for the municipality")

    def __str__(self):
        return f"{self.task_id}: {self.kind}"

    @property
    def by_name(self):
        return (self.by.get_full_name() or self.by.get_username()) if self.by else ""
