"""Whatever the newsroom types, readers get sound pages, feeds and sitemaps.

Text is generated (Hypothesis) for every text field of the news and cluster models and for the
authors' names: control characters, unpaired surrogates, noncharacters, bidi marks, markup, thousands
of characters. It is stored through the ORM (surrogates and NUL included, which no form sends) and
through the article's admin form, published, and then every public URL is requested, plain and
filtered by what was stored. tests/hostile.py says what must hold of every answer.
"""

from contextlib import contextmanager

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import models, transaction
from django.urls import reverse
from django.utils.http import urlencode
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from clusters.models import Announcement, Cluster, Decision, Label, Region, Tier
from news.models import Article, Category, Correction, Photo
from tests.admin_forms import form_data
from tests.builders import (
    category,
    logged_in,
    make_announcement,
    make_article,
    make_cluster,
    make_decision,
    make_editor,
    make_label,
    make_photo,
    make_region,
    make_tier,
    make_user,
)
from tests.hostile import check_response, public_urls, texts

pytestmark = pytest.mark.django_db


def text_fields(model):
    """What an editor types into `model`: its editable text fields but slugs, addresses and choices."""
    return [
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and not field.choices
        and not isinstance(field, models.SlugField | models.URLField)
    ]


User = get_user_model()
MODELS = [*apps.get_app_config("news").get_models(), *apps.get_app_config("clusters").get_models()]
TEXT_FIELDS = {model: text_fields(model) for model in MODELS if text_fields(model)}
TEXT_FIELDS[User] = ["first_name", "last_name"]  # an author's name is printed under the article


def field_label(model, name):
    return f"{model._meta.label}.{name}"


def clipped(model, values):
    """`values` cut to their fields' lengths, as a browser's maxlength cuts what is typed."""
    return {name: value[: model._meta.get_field(name).max_length] for name, value in values.items()}


def typed_for(model, typed):
    """The generated text for each text field of `model`."""
    return clipped(model, {name: typed[field_label(model, name)] for name in TEXT_FIELDS[model]})


# An example here stores a dozen rows and requests twenty URLs: half as many as the query-string tests.
fuzz = settings(
    max_examples=max(settings.default.max_examples // 2, 10),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@contextmanager
def rolled_back():
    """One example's rows last only as long as the example: the next one starts from the fixture's."""
    cache.clear()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def check_every_public_url(client, *, article, cluster, tier, announcement):
    """Every public URL answers 200 from its own view (an article titled «RSS» is not hidden behind the
    feed); so does, or 400, the news list with its feeds and the cluster directory filtered by these rows."""
    for name, url in public_urls(
        article=article, cluster=cluster, tier=tier, announcement=announcement
    ).items():
        response = client.get(url)
        check_response(response, url)
        assert (response.status_code, response.resolver_match.view_name) == (200, name), url
    news_filters = urlencode(
        {
            "klynge": cluster.slug,
            "program": tier.slug,
            "region": cluster.regions.get().slug,
            "kategori": article.category.slug,
            "q": article.headline[:200],
        }
    )
    cluster_filters = urlencode({"program": tier.slug, "region": cluster.regions.get().slug})
    for url in [
        f"{reverse('news:list')}?{news_filters}",
        f"{reverse('news:rss')}?{news_filters}",
        f"{reverse('news:atom')}?{news_filters}",
        f"{reverse('clusters:list')}?{cluster_filters}",
    ]:
        check_response(client.get(url), url)


@pytest.fixture
def photo():
    return make_photo()


# What a browser can send: no surrogates; NUL is refused by every form field.
FORM_TEXT = {"exclude": "\x00", "surrogates": False}
# Text for every field; the users' names are Django's, entered only through its user form.
TYPED = {
    field_label(model, name): texts(**FORM_TEXT) if model is User else texts()
    for model, names in TEXT_FIELDS.items()
    for name in names
}
PLAIN = dict.fromkeys(TYPED, "Helse")


@fuzz
@given(typed=st.fixed_dictionaries(TYPED))
@example(typed=PLAIN | {"news.Article.headline": "RSS"})
@example(
    typed=PLAIN | {"news.Article.headline": "Første\x0blinje\x00\ufffe\ud800", "auth.User.last_name": "\x1b"}
)
def test_no_text_stored_anywhere_breaks_a_public_page_feed_or_sitemap(client, photo, typed):
    with rolled_back():
        stored = store(typed, photo)
        assert set(stored) == set(TEXT_FIELDS), "a model with text fields this test does not fill in"
        check_every_public_url(
            client,
            article=stored[Article],
            cluster=stored[Cluster],
            tier=stored[Tier],
            announcement=stored[Announcement],
        )


def store(typed, photo):
    """One published article, with every row it shows filled in with the generated text, by the ORM."""
    tier = make_tier(**typed_for(Tier, typed))
    region = make_region(**typed_for(Region, typed))
    cluster = make_cluster(region=region, **typed_for(Cluster, typed))
    announcement = make_announcement(**typed_for(Announcement, typed))
    decision_text = typed_for(Decision, typed)
    decision = make_decision(
        cluster=cluster, tier=tier, announcement=announcement, note=decision_text["note"]
    )
    label = make_label(**typed_for(Label, typed))
    make_decision(
        cluster=cluster, kind=Decision.Kind.LABEL_GRANTED, label=label, effective_on=announcement.date
    )
    # A former name is required of a rename: blank text stands for a name the newsroom left out.
    former_name = decision_text["former_name"].strip() and decision_text["former_name"]
    make_decision(
        cluster=cluster,
        kind=Decision.Kind.RENAMED,
        former_name=former_name or "Tidligere navn",
        effective_on=announcement.date,
    )
    subcategory = Category.objects.create(slug="fuzz", parent=category(), **typed_for(Category, typed))
    for name, value in typed_for(Photo, typed).items():
        setattr(photo, name, value)
    photo.save()
    author = make_user(**typed_for(User, typed))
    article = make_article(
        clusters=[cluster],
        authors=[author],
        category=subcategory,
        lead_photo=photo,
        announcement=announcement,
        **typed_for(Article, typed),
    )
    correction = article.corrections.create(**typed_for(Correction, typed))
    return {
        Tier: tier,
        Region: region,
        Cluster: cluster,
        Announcement: announcement,
        Decision: decision,
        Label: label,
        Category: subcategory,
        Photo: photo,
        User: author,
        Article: article,
        Correction: correction,
    }


ADD_ARTICLE = reverse("admin:news_article_add")
ORDINARY = {
    "headline": "Sju nye klynger",
    "lead": "Næringsministeren la fram listen.",
    "body": "<p>Klyngene får støtte.</p>",
    "photo_caption": "",
    "source_name": "Innovasjon Norge",
    "byline": "NTB",
    "correction": "Navnet var feil.",
}


def filled(strategy):
    """Text with something other than white space in it, which a required field needs."""
    return st.builds(lambda before, after: f"{before}Å{after}", strategy, strategy)


@pytest.fixture
def newsroom(register, photo):
    """An editor at the article form, with everything but the text chosen."""
    client = logged_in(make_editor())
    cluster, tier, announcement = register["health"], register["tiers"]["nce"], register["announcement"]
    form = form_data(
        client.get(ADD_ARTICLE),
        slug="",
        category=category().pk,
        clusters=[cluster.pk],
        announcement=announcement.pk,
        lead_photo=photo.pk,
        status=Article.Status.PUBLISHED,
    )
    return {"client": client, "form": form, "cluster": cluster, "tier": tier, "announcement": announcement}


def refused_fields(response):
    """The fields an admin form refused, its inlines' included."""
    refused = set(response.context["adminform"].form.errors)
    for inline in response.context["inline_admin_formsets"]:
        for errors in inline.formset.errors:
            refused |= {f"{inline.formset.prefix}-{name}" for name in errors}
    return refused


@fuzz
@given(
    typed=st.fixed_dictionaries(
        {
            name: filled(texts(**FORM_TEXT)) if name in ("headline", "lead") else texts(**FORM_TEXT)
            for name in [*TEXT_FIELDS[Article], "correction"]
        }
    )
)
@example(typed=ORDINARY)
@example(typed=ORDINARY | {"headline": "Atom"})
@example(typed=ORDINARY | {"headline": "Første\x0blinje", "lead": "\x1b[31m", "correction": "\ufffe"})
def test_no_text_typed_into_the_article_form_breaks_a_public_page_feed_or_sitemap(newsroom, typed):
    client = newsroom["client"]
    fields = clipped(Article, {name: typed[name] for name in TEXT_FIELDS[Article]})
    correction = {"corrections-TOTAL_FORMS": "1", "corrections-0-text": typed["correction"]}
    with rolled_back():
        response = client.post(ADD_ARTICLE, newsroom["form"] | fields | correction)
        if response.status_code == 200:  # refused: the form must say why, at a field given generated text
            refused = refused_fields(response)
            assert typed != ORDINARY and refused, f"the article form refused ordinary text: {refused}"
            assert refused <= {*fields, "corrections-text", "__all__"}, refused
            event("refused by the form")
            return
        assert response.status_code == 302
        event("published")
        check_every_public_url(
            client,
            article=Article.objects.get(),
            cluster=newsroom["cluster"],
            tier=newsroom["tier"],
            announcement=newsroom["announcement"],
        )
