"""How long a step may take, declared with the step (`Step(..., due=working_days(3))`). Each rule maps the new
task to its due date.

A due date is a whole day: `working_days` and `days` end at 16:00 Danish time (`END_OF_DAY`), whatever minute the
task was created at, so a list of tasks reads "due 3 December 16:00", never "17:22"."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from core.workdays import add_working_days, is_working_day

END_OF_DAY = time(16, 0)


def _end_of(day):
    """16:00 Danish time on `day`."""
    return timezone.make_aware(datetime.combine(day, END_OF_DAY))


def working_days(count):
    """16:00 on the `count`-th Danish working day after the task was created."""
    return lambda task: _end_of(timezone.localtime(add_working_days(task.created, count)).date())


def days(count):
    """16:00 `count` days after the task was created, on the next working day if that is a weekend or holiday."""

    def due(task):
        day = timezone.localtime(task.created).date() + timedelta(days=count)
        while not is_working_day(day):
            day += timedelta(days=1)
        return _end_of(day)

    return due


def around_artifact(attribute, delta):
    """Relative to a date of the process's artifact, e.g. three days before a workshop starts."""
    return lambda task: getattr(task.process.coerced.artifact, attribute) + delta


def working_days_before(moment_of, count):
    """16:00 on the `count`-th Danish working day before the moment `moment_of(task)` gives (a kickoff, a
    workshop), so there is time to read what was sent; at least to the end of the next working day when that is
    already too close (a meeting set at short notice)."""

    def due(task):
        day = timezone.localdate(moment_of(task))
        left = count
        while left:
            day -= timedelta(days=1)
            left -= is_working_day(day)
        return max(_end_of(day), working_days(1)(task))

    return due
