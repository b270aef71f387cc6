"""The cluster register's sections of the sitemap index (`/sitemap.xml`): every cluster, tier and
announcement; and the index and section views, which the project serves for both apps' sections."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap, views
from django.contrib.sitemaps.views import SitemapIndexItem
from django.template.response import TemplateResponse
from django.urls import reverse

from .models import Announcement, Cluster, Tier


class SiteSitemap(Sitemap):
    """Locations on SITE_URL, the canonical address the pages name, whatever host a request used."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ClusterSitemap(SiteSitemap):
    def items(self):
        return Cluster.objects.all()


class TierSitemap(SiteSitemap):
    def items(self):
        return Tier.objects.all()


class AnnouncementSitemap(SiteSitemap):
    def items(self):
        return Announcement.objects.all()


SITEMAPS = {"clusters": ClusterSitemap, "tiers": TierSitemap, "announcements": AnnouncementSitemap}


@views.x_robots_tag
def index(request, sitemaps, section_url_name):
    """`/sitemap.xml`: every page of every section, on SITE_URL; the pages are `section`'s answers."""
    entries = []
    for name, sitemap in sitemaps.items():
        location = settings.SITE_URL + reverse(section_url_name, kwargs={"section": name})
        pages = range(1, sitemap().paginator.num_pages + 1)
        entries += [SitemapIndexItem(location if n == 1 else f"{location}?p={n}") for n in pages]
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


def section(request, sitemaps, section, template_name="sitemap.xml"):
    """One page of one section of the index (`?p=2`), revalidated by its ETag alone, as every public
    page is: a Last-Modified would miss an article unpublished or deleted."""
    response = views.sitemap(request, sitemaps, section, template_name)
    del response.headers["Last-Modified"]
    return response
