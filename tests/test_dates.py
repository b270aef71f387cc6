"""How the site writes a day (textrules.dates.day and the `day` filter): what Django's
`date:"j. F Y"` writes, in the site's time zone, for every month and both sides of midnight; and a
moment in the newsroom's list (textrules.dates.moment), what the admin writes of a time."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.template import Context, Template
from django.template.defaultfilters import date as date_filter
from django.utils import formats, timezone, translation

from textrules.dates import day, moment


@pytest.mark.parametrize("month", range(1, 13))
def test_a_day_of_every_month_is_written_as_django_writes_it_in_bokmal(month):
    moment = datetime(2026, month, 9, 11, 30, tzinfo=UTC)
    with translation.override("nb"):
        assert day(moment) == date_filter(moment, "j. F Y")
        assert day(moment.date()) == date_filter(moment.date(), "j. F Y")


def test_a_time_is_written_as_its_day_in_norway_not_in_utc():
    before_midnight_utc = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # 00.30 on New Year's Day in Oslo
    summer = datetime(2026, 6, 30, 22, 15, tzinfo=UTC)  # 00.15 on 1 July, summer time

    assert day(before_midnight_utc) == "1. januar 2027"
    assert day(summer) == "1. juli 2026"
    assert day(summer - timedelta(minutes=30)) == "30. juni 2026"


def test_no_value_is_no_text_and_a_plain_date_is_its_own_day():
    assert day(None) == ""
    assert day("") == ""
    assert day(date(2015, 3, 1)) == "1. mars 2015"


def test_the_filter_writes_the_day_of_a_time_in_a_template():
    template = Template("{% load page %}{{ when|day }}")

    assert template.render(Context({"when": datetime(2026, 5, 16, 22, 0, tzinfo=UTC)})) == "17. mai 2026"


@pytest.mark.parametrize("month", range(1, 13))
@pytest.mark.parametrize(("hour", "minute"), [(0, 0), (9, 5), (22, 59), (23, 30)])
def test_a_moment_is_written_as_the_admin_writes_a_time_in_bokmal(month, hour, minute):
    when = datetime(2026, month, 28, hour, minute, tzinfo=UTC)  # in winter and in summer time
    with translation.override("nb"):
        assert moment(when) == formats.localize(timezone.template_localtime(when))


def test_a_moment_is_the_time_in_norway():
    assert moment(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == "1. januar 2027 00:30"
    assert moment(datetime(2026, 7, 1, 6, 5, tzinfo=UTC)) == "1. juli 2026 08:05"
