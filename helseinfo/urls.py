from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from clusters import sitemaps as cluster_sitemaps
from clusters import urls as cluster_urls
from clusters.views import public_page
from news import sitemaps as news_sitemaps
from news import views as news_views
from news.embed import ClusterEmbedView
from news.feeds import ClusterFeed, ClusterJSONFeed

from . import views

# The cluster register's namespace: its own pages, and the pages about one cluster, tier or
# announcement, which show news and so are the news app's (clusters knows nothing of news).
cluster_pages = [
    *cluster_urls.urlpatterns,
    path("klynger/<slug:slug>/", public_page(news_views.ClusterDetailView.as_view()), name="cluster"),
    path("program/<slug:slug>/", public_page(news_views.TierDetailView.as_view()), name="tier"),
    path(
        "kunngjoringer/<slug:slug>/",
        public_page(news_views.AnnouncementDetailView.as_view()),
        name="announcement",
    ),
]

sitemaps = news_sitemaps.SITEMAPS | cluster_sitemaps.SITEMAPS

urlpatterns = [
    path("", public_page(views.home), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        public_page(cluster_sitemaps.index),
        {"sitemaps": sitemaps, "section_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-news.xml",
        public_page(sitemap),
        {"sitemaps": {"news": news_sitemaps.NewsSitemap}, "template_name": "sitemaps/news.xml"},
        name="sitemap_news",
    ),
    path(
        "sitemap-<slug:section>.xml",
        public_page(cluster_sitemaps.section),
        {"sitemaps": sitemaps, "template_name": "sitemaps/urlset.xml"},
        name="sitemap_section",
    ),
    path("klynger/<slug:slug>/rss/", public_page(ClusterFeed()), name="cluster_feed"),
    path("klynger/<slug:slug>/feed.json", public_page(ClusterJSONFeed()), name="cluster_json_feed"),
    path("klynger/<slug:slug>/innbygging/", public_page(ClusterEmbedView.as_view()), name="cluster_embed"),
    path("nyheter/", include("news.urls")),
    path("api/v1/", include("api.urls")),
    path("", include((cluster_pages, cluster_urls.app_name))),
    path("admin/", include("accounts.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
