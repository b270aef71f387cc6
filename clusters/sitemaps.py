"""The cluster register's sections of the sitemap index (`/sitemap.xml`): every cluster, tier and
announcement; and the index and section views, which the project serves for both apps' sections.

A section's page holds up to 1,000 addresses. The views write the <url> and <sitemap> elements
themselves, a line each, the bytes Django's sitemap views and templates wrote: those build a
dictionary and run a template loop per address, several times the cost of the page's query. The
templates keep the documents' frames (the XML declaration and the namespaces).
"""

from html import escape
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap, views
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from .models import Announcement, Cluster, Tier


class SiteSitemap(Sitemap):
    """Locations on SITE_URL, the canonical address the pages name, whatever host a request used."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def entries(self, page):
        """Each address on page `page` (a number or its text) with its last modification (None if the
        section gives none); EmptyPage or PageNotAnInteger if there is no such page. What
        Sitemap.get_urls() gives the template, without the rest."""
        site = f"{self.get_protocol()}://{self.get_domain()}"
        lastmod = getattr(self, "lastmod", lambda item: None)
        return [(site + self.location(item), lastmod(item)) for item in self.paginator.page(page).object_list]


class ClusterSitemap(SiteSitemap):
    def items(self):
        return Cluster.objects.only("slug")


class TierSitemap(SiteSitemap):
    def items(self):
        return Tier.objects.only("slug")


class AnnouncementSitemap(SiteSitemap):
    def items(self):
        return Announcement.objects.only("slug")


SITEMAPS = {"clusters": ClusterSitemap, "tiers": TierSitemap, "announcements": AnnouncementSitemap}


@views.x_robots_tag
def index(request, sitemaps, section_url_name):
    """`/sitemap.xml`: every page of every section, on SITE_URL; the pages are `section`'s answers."""
    locations = []
    for name, sitemap in sitemaps.items():
        first = settings.SITE_URL + reverse(section_url_name, kwargs={"section": name})
        later = range(2, sitemap().paginator.num_pages + 1)
        locations += [first, *(f"{first}?p={n}" for n in later)]
    elements = "".join(f"<sitemap><loc>{escape(location)}</loc></sitemap>" for location in locations)
    return TemplateResponse(
        request, "sitemaps/index.xml", {"sitemaps": mark_safe(elements)}, content_type="application/xml"
    )


@views.x_robots_tag
def section(request, sitemaps, section, template_name="sitemaps/urlset.xml"):
    """One page of one section of the index (`?p=2`). It sends no Last-Modified, as no public page
    does: revalidation goes by the ETag alone, which also sees an address taken away."""
    if section not in sitemaps:
        raise Http404(f"No sitemap available for section: {section!r}")
    page = request.GET.get("p", 1)
    try:
        entries = sitemaps[section]().entries(page)
    except EmptyPage:
        raise Http404(f"Page {page} empty") from None
    except PageNotAnInteger:
        raise Http404(f"No page '{page}'") from None
    return TemplateResponse(
        request, template_name, {"urls": mark_safe(url_elements(entries))}, content_type="application/xml"
    )


def url_elements(entries):
    """The <url> elements of (location, lastmod) pairs, a line each, as the template wrote them: the
    location escaped as autoescaping would (Django's escape() is html.escape()), the last
    modification the day it is in the site's time zone (`|date:"Y-m-d"`)."""
    zone = timezone.get_current_timezone()
    return "".join(
        f"<url><loc>{escape(location)}</loc>"
        + (f"<lastmod>{lastmod.astimezone(zone).date().isoformat()}</lastmod>" if lastmod else "")
        + "</url>\n"
        for location, lastmod in entries
    )
