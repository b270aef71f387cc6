"""Dates in the newsroom read and are typed the Norwegian way (24.12.2026), and the note about the
time zone says in plain words which clock the times follow."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from news.models import Article
from tests.admin_forms import form_data
from tests.builders import logged_in, make_article, make_journalist

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture
def journalist():
    return logged_in(make_journalist())


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def test_the_publish_time_is_shown_as_day_month_year(journalist):
    article = make_article(publish_at=datetime(2026, 12, 24, 14, 30, tzinfo=OSLO))

    page = journalist.get(change_url(article)).content.decode()

    assert re.search(r'name="publish_at_0"[^>]*value="24\.12\.2026"', page)
    assert re.search(r'name="publish_at_1"[^>]*value="14:30:00"', page)


@pytest.mark.parametrize(
    ("typed_date", "typed_time"),
    [("24.12.2026", "14:30"), ("24.12.2026", "14.30"), ("24.12.26", "14:30"), ("2026-12-24", "14:30:00")],
)
def test_a_publish_time_typed_the_norwegian_way_is_understood(journalist, typed_date, typed_time):
    article = make_article(status=Article.Status.DRAFT)
    url = change_url(article)

    response = journalist.post(
        url, form_data(journalist.get(url), publish_at_0=typed_date, publish_at_1=typed_time)
    )

    article.refresh_from_db()
    assert response.status_code == 302
    assert article.publish_at == datetime(2026, 12, 24, 14, 30, tzinfo=OSLO)


def test_a_date_that_is_not_a_date_is_a_form_error_that_keeps_the_text(journalist):
    article = make_article(status=Article.Status.DRAFT)
    url = change_url(article)

    response = journalist.post(
        url,
        form_data(journalist.get(url), publish_at_0="31.02.2026", publish_at_1="14:30", lead="Ny ingress."),
    )

    article.refresh_from_db()
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["publish_at"]
    assert "Ny ingress." in response.content.decode()
    assert article.lead != "Ny ingress."


def test_the_admin_scripts_write_dates_as_day_month_year_and_explain_the_time_zone(journalist):
    catalogue = journalist.get(reverse("admin:jsi18n")).content.decode()

    first_format = re.search(r'"DATE_INPUT_FORMATS": \[\s*"([^"]+)"', catalogue)[1]
    assert first_format == "%d.%m.%Y"
    assert "Klokka p\\u00e5 maskinen din g\\u00e5r %s timer foran norsk tid." in catalogue
    assert "server-tid" not in catalogue
