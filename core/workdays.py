"""Working days in Denmark: Monday to Friday, except the public holidays (helligdage), in Danish time."""

from datetime import date, datetime, timedelta
from functools import cache

from dateutil.easter import easter
from django.utils import timezone

# Days after Easter Sunday: Maundy Thursday, Good Friday, Easter Sunday and Monday, Ascension Day, Whit Sunday and
# Monday. (Great Prayer Day was abolished from 2024.)
_EASTER_OFFSETS = (-3, -2, 0, 1, 39, 49, 50)


@cache
def public_holidays(year: int) -> frozenset[date]:
    sunday = easter(year)
    movable = {sunday + timedelta(days=offset) for offset in _EASTER_OFFSETS}
    return frozenset(movable | {date(year, 1, 1), date(year, 12, 25), date(year, 12, 26)})


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def add_working_days(moment: datetime, days: int) -> datetime:
    """The same local time of day `days` working days after `moment`."""
    local = timezone.localtime(moment)
    while days > 0:
        local += timedelta(days=1)
        if is_working_day(local.date()):
            days -= 1
    return timezone.make_aware(local.replace(tzinfo=None))
