"""/api/v1/articles/: the published news, with the news list's filters, a page at a time."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from clusters.models import Cluster, Tier
from news.filters import ArticleFilter
from news.models import Article, TierThen

from . import cursor, schemas
from .errors import InvalidQuery
from .links import absolute, announcement_ref, cluster_ref, tier_ref

router = Router(tags=["Saker"])

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class ArticleQuery(Schema):
    """The news list's filters (read by its FilterSet, news.filters.ArticleFilter), and the page."""

    q: str | None = Field(None, description="Fritekst (høyst 200 tegn); treff sorteres etter relevans.")
    klynge: list[str] = Field([], description="Klyngens adresse; kan gjentas (saker om minst én av dem).")
    program: str | None = Field(None, description="Programnivåets adresse: saker om klynger i nivået da.")
    region: str | None = Field(None, description="Regionens adresse.")
    merke: str | None = Field(None, description="Merkets adresse: saker om klynger som hadde merket da.")
    kategori: str | None = Field(None, description="Kategoriens adresse, med underkategoriene.")
    fra: str | None = Field(None, description="Første dag, ÅÅÅÅ-MM-DD (norsk tid).")
    til: str | None = Field(None, description="Siste dag, ÅÅÅÅ-MM-DD (norsk tid).")
    cursor: str | None = Field(None, description="«next_cursor» fra forrige side.", max_length=200)
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Saker per side.")


def published_articles():
    """Published articles with everything the API shows of each, in a fixed number of queries."""
    return (
        Article.objects.published()
        .with_modified()
        .select_related("category__parent", "lead_photo", "announcement")
        .prefetch_related(
            "authors",
            "corrections",
            Prefetch("clusters", queryset=Cluster.objects.with_current_tier().named_on()),
            Prefetch("tiers_then", queryset=TierThen.objects.select_related("tier")),
        )
    )


@router.get(
    "/articles/",
    response={200: schemas.ArticlePage, 400: schemas.Error},
    summary="Publiserte saker, nyeste først (etter relevans ved søk), med de samme filtrene som /nyheter/.",
    url_name="articles",
)
def articles(request, query: Query[ArticleQuery]):
    filterset = ArticleFilter(request.GET, queryset=published_articles())
    if not filterset.is_valid():
        raise InvalidQuery(filterset.errors.get_json_data())
    found, next_cursor = cursor.page(filterset.qs, query.cursor, query.limit)
    tiers = Tier.objects.in_bulk()
    return {
        "items": [article_data(article, tiers) for article in found],
        "next_cursor": next_cursor,
        "next": next_cursor and page_url(request, next_cursor),
    }


def page_url(request, position):
    """This list's address at the cursor `position`, the filters kept."""
    query = request.GET.copy()
    query["cursor"] = position
    return absolute(f"{request.path}?{query.urlencode()}")


@router.get(
    "/articles/{slug}/",
    response={200: schemas.Article, 404: schemas.Error},
    summary="Én publisert sak.",
    url_name="article",
)
def article(request, slug: str):
    found = get_object_or_404(published_articles(), slug=slug)
    return article_data(found, Tier.objects.in_bulk())


def article_data(article, tiers):
    """One article as the API shows it; `tiers` are every tier by primary key."""
    tiers_then = {link.cluster_id: link.tier for link in article.tiers_then.all()}
    return {
        "slug": article.slug,
        "url": absolute(article.get_absolute_url()),
        "headline": article.headline,
        "lead": article.lead,
        "body_html": article.body,
        "published": timezone.localtime(article.publish_at),
        "modified": timezone.localtime(article.modified),
        "authors": article.author_names,
        "category": category_data(article.category) if article.category_id else None,
        "source_name": article.source_name,
        "source_url": article.source_url,
        "clusters": [
            cluster_ref(cluster)
            | {
                "tier_then": tier_ref(tiers_then.get(cluster.pk)),
                "tier_now": tier_ref(tiers.get(cluster.current_tier_id)),
            }
            for cluster in article.clusters.all()
        ],
        "photo": photo_data(article) if article.lead_photo_id else None,
        "announcement": announcement_ref(article.announcement) if article.announcement_id else None,
        "corrections": [
            {"created": timezone.localtime(c.created), "text": c.text} for c in article.corrections.all()
        ],
    }


def category_data(category):
    return {
        "slug": category.slug,
        "name": category.name,
        "path": str(category),
        "is_press_release": category.is_press_release,
    }


def photo_data(article):
    photo = article.lead_photo
    renditions = [
        {"url": absolute(r["url"]), "width": r["width"], "format": fmt}
        for fmt in ("webp", "jpeg")
        for r in photo.rendition_list(fmt)
    ]
    return {
        "url": absolute(photo.fallback_url),
        "width": photo.width,
        "height": photo.height,
        "alt": photo.alt_text,
        "caption": article.caption,
        "credit": photo.credit,
        "credit_kind": photo.credit_kind,
        "creators": [{"name": name, "kind": kind} for kind, name in photo.credit_creators()],
        "renditions": renditions,
    }
