"""How long a step may take, declared with the step (`Step(..., due=working_days(3))`). Each rule maps the new
task to its due date."""

from datetime import timedelta

from core.workdays import add_working_days


def working_days(count):
    """`count` Danish working days after the task was created."""
    return lambda task: add_working_days(task.created, count)


def days(count):
    return lambda task: task.created + timedelta(days=count)


def around_artifact(attribute, delta):
    """Relative to a date of the process's artifact, e.g. three days before a workshop starts."""
    return lambda task: getattr(task.process.coerced.artifact, attribute) + delta
