"""Due dates are whole days: 16:00 Danish time, never the minute the task was created."""

from datetime import date, datetime
from types import SimpleNamespace

from django.utils import timezone

from workflows.steps.due import days, working_days


def local(day, hour, minute=0):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def task(created):
    return SimpleNamespace(created=created)


def test_working_days_end_at_four_on_the_nth_working_day():
    friday = local(date(2026, 11, 27), 17, 22)
    assert working_days(3)(task(friday)) == local(date(2026, 12, 2), 16)  # Mon, Tue, Wed
    christmas_eve = local(date(2026, 12, 24), 8, 5)  # 25 and 26 December are holidays, 27 a Sunday
    assert working_days(1)(task(christmas_eve)) == local(date(2026, 12, 28), 16)


def test_days_end_at_four_and_move_off_weekends_and_holidays():
    monday = local(date(2026, 11, 23), 17, 22)
    assert days(14)(task(monday)) == local(date(2026, 12, 7), 16)
    assert days(5)(task(monday)) == local(date(2026, 11, 30), 16)  # Saturday 28th: Monday
    assert days(2)(task(local(date(2026, 12, 23), 9))) == local(date(2026, 12, 28), 16)  # past Christmas
    assert days(1)(task(local(date(2027, 3, 28), 10))) == local(date(2027, 3, 30), 16)  # Easter Monday; DST
    assert timezone.localtime(days(30)(task(monday))).strftime("%H:%M") == "16:00"
