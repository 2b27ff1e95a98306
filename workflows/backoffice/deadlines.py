"""Due dates of human tasks. Viewflow tasks have none, so one is computed from the node when the task is created
and stored in `TaskDeadline`, which the inbox can filter and sort on."""

from datetime import timedelta

from django.db.models.signals import post_save
from django.dispatch import receiver
from viewflow.workflow.models import Task

from ..models import TaskDeadline
from ..workdays import add_working_days


def _working_days(days):
    return lambda task: add_working_days(task.created, days)


def _days(days):
    return lambda task: task.created + timedelta(days=days)


def _workshop(attribute, delta):
    return lambda task: getattr(task.process.coerced.artifact, attribute) + delta


# "<Flow>.<node>" -> due date of a new task of that node
RULES = {
    "ScreeningFlow.screen": _working_days(3),
    "SeatOfferFlow.offer": _working_days(5),
    "MeetingFlow.attendance": _working_days(2),
    "CourseFlow.assign_lead_adviser": _working_days(3),
    "CourseFlow.schedule_kickoff": _working_days(5),
    "CourseFlow.plan_workshop": _days(30),
    "CourseFlow.enrol_participants": _days(30),
    "CourseFlow.record_completions": _days(14),
    "CourseFlow.guidance": _days(14),
    "CourseFlow.midway_status": _days(21),
    "CourseFlow.final_evaluation": _days(21),
    "WorkshopFlow.prepare": _workshop("starts_at", -timedelta(days=3)),
    "WorkshopFlow.record_outcome": _workshop("ends_at", timedelta(days=3)),
}


def node_key(flow_task):
    return f"{flow_task.flow_class.__name__}.{flow_task.name}"


@receiver(post_save, sender=Task)
def set_deadline(sender, instance, created, raw=False, **kwargs):
    """Give a new human task its due date, and tell its owner when it is created already assigned."""
    if not created or raw or instance.flow_task_type != "HUMAN":
        return
    rule = RULES.get(node_key(instance.flow_task))
    if rule:
        TaskDeadline.objects.create(task=instance, due_at=rule(instance))
    if instance.owner_id:
        from ..course_notifications import send_task_assigned

        send_task_assigned(instance)
