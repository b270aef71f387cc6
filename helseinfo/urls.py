from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.cache import cache_control

from news.feeds import ClusterFeed
from news.sitemaps import SITEMAPS, NewsSitemap

from . import views

cached = cache_control(max_age=300)

admin.site.site_header = "Helseinfo – nyhetsdesken"
admin.site.site_title = "Helseinfo nyhetsdesk"
admin.site.index_title = "Nyhetsdesken"
admin.site.site_url = "/"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", cached(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-news.xml",
        cached(sitemap),
        {"sitemaps": {"news": NewsSitemap}, "template_name": "sitemaps/news.xml"},
        name="sitemap_news",
    ),
    # One cluster's feed lives beside its page; the news app serves it (clusters never import news).
    path("klynger/<slug:slug>/rss/", ClusterFeed(), name="cluster_feed"),
    path("nyheter/", include("news.urls")),
    path("", include("clusters.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
