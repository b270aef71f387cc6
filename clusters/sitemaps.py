"""The cluster register's part of `/sitemap.xml`: every cluster, tier and announcement."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap

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
