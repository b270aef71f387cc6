"""How the API names one row of the register in another's answer: slug, name and absolute address."""

from django.conf import settings


def absolute(url):
    """`url` on the public address, unless it has its own host (photos in object storage)."""
    return url if "://" in url else settings.SITE_URL + url


def tier_ref(tier):
    if tier is None:
        return None
    return {
        "slug": tier.slug,
        "short_name": tier.short_name,
        "name": tier.name,
        "url": absolute(tier.get_absolute_url()),
    }


def cluster_ref(cluster):
    """A cluster under the name it bears today (named_on()), as the pages show it: a rename dated
    ahead takes effect on its date."""
    name = getattr(cluster, "name_then", None) or cluster.name
    return {"slug": cluster.slug, "name": name, "url": absolute(cluster.get_absolute_url())}


def region_ref(region):
    return {"slug": region.slug, "name": region.name}


def announcement_ref(announcement):
    return {
        "slug": announcement.slug,
        "title": announcement.title,
        "date": announcement.date,
        "url": absolute(announcement.get_absolute_url()),
    }


def label_ref(label):
    return {"slug": label.slug, "name": label.name}
