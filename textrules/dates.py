"""How a day is written on the site's pages and in its feeds: «1. desember 2026»; and a moment in
the newsroom's article list: «1. desember 2026 14:05».

What Django's `date:"j. F Y"` (and its bokmål DATETIME_FORMAT, "j. F Y H:i") writes, in the site's
time zone for a time, without reading the format anew for every value: a list of twenty articles
writes twenty days, and the format machinery cost more than the rest of a card.
"""

from datetime import datetime
from functools import cache

from django.utils import timezone, translation
from django.utils.dates import MONTHS


def day(value):
    """The day of `value` (a date, or a time: its day in the site's time zone) in words, in the
    active language; "" for no value."""
    if not value:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value.day}. {month_names(translation.get_language())[value.month]} {value.year}"


MOMENT_FORMAT = "j. F Y H:i"


def moment(value):
    """The day and time of `value` (an aware time) in the site's time zone, «1. desember 2026 14:05»:
    Django's MOMENT_FORMAT, bokmål's DATETIME_FORMAT."""
    value = timezone.localtime(value)
    months = month_names(translation.get_language())
    return f"{value.day}. {months[value.month]} {value.year} {value.hour:02}:{value.minute:02}"


@cache
def month_names(language):
    """The months' names in `language`, from 1: Django's own (django.utils.dates.MONTHS)."""
    with translation.override(language):
        return ("", *(str(MONTHS[month]) for month in range(1, 13)))
