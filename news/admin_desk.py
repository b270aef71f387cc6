"""The newsroom's start page (/admin/): what a journalist or an editor picks up next, above the
usual list of everything in the admin. Each list is short, in a fixed number of queries."""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Trim

from .admin_photos import lacking_text
from .models import Article, Photo

LIST_LENGTH = 8


def my_drafts(user):
    """Drafts the user signs or last saved, last edited first."""
    signed = Article.authors.through.objects.filter(article=OuterRef("pk"), user=user)
    mine = Article.objects.drafts().filter(Exists(signed) | Q(last_edited_by=user))
    return mine.order_by("-updated", "-pk")


def scheduled():
    """What goes out next, first first."""
    return Article.objects.scheduled().order_by("publish_at", "pk")


def recently_published():
    return Article.objects.published().order_by("-publish_at", "-pk")


def stopped_at_publishing():
    """Drafts and scheduled articles lacking what Article.publishing_problems asks of their content.

    The query finds them; the reasons shown are publishing_problems' own words (see `desk`).
    """
    lacking = (
        Q(lead_trimmed="")
        | Q(category__isnull=True)
        | Q(lead_photo__isnull=False, photo_alt_trimmed="")
        | Q(lead_photo__isnull=False, photo_credit_trimmed="")
    )
    not_visible = Article.objects.drafts() | Article.objects.scheduled()
    return (
        not_visible.annotate(
            lead_trimmed=Trim("lead"),
            photo_alt_trimmed=Trim("lead_photo__alt_text"),
            photo_credit_trimmed=Trim("lead_photo__credit"),
        )
        .filter(lacking)
        .select_related("lead_photo")
        .order_by("-updated", "-pk")
    )


def photos_lacking_text():
    """Photos that cannot go with a published article: no credit or no alternative text."""
    return lacking_text(Photo.objects.all()).order_by("-created", "-pk")


def desk(request):
    """The start page's lists, those of them the user may see."""
    user = request.user
    sees_articles = user.has_perm("news.view_article") or user.has_perm("news.change_article")
    sees_photos = user.has_perm("news.view_photo") or user.has_perm("news.change_photo")
    if not (sees_articles or sees_photos):
        return {}
    lists = {}
    if sees_articles:
        stopped = list(stopped_at_publishing()[:LIST_LENGTH])
        for article in stopped:
            article.problems = article.publishing_problems(by=user)
        lists |= {
            "my_drafts": my_drafts(user)[:LIST_LENGTH],
            "scheduled": scheduled()[:LIST_LENGTH],
            "recently_published": recently_published()[:LIST_LENGTH],
            "stopped": stopped,
        }
    if sees_photos:
        lacking = photos_lacking_text()
        lists |= {"photos_lacking": lacking[:LIST_LENGTH], "photos_lacking_count": lacking.count()}
    return lists


def index_view(site_index):
    """The admin site's index view, with the desk's lists in its context (templates/admin/index.html)."""

    def index(request, extra_context=None):
        return site_index(request, {"desk": desk(request)} | (extra_context or {}))

    return index
