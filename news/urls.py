from django.urls import path

from clusters.views import public_page

from . import feeds, views

app_name = "news"
urlpatterns = [
    path("", public_page(views.ArticleListView.as_view()), name="list"),
    path("rss/", public_page(feeds.ArticleFeed()), name="rss"),
    path("atom/", public_page(feeds.ArticleAtomFeed()), name="atom"),
    path("feed.json", public_page(feeds.ArticleJSONFeed()), name="json"),
    path("<slug:slug>/", public_page(views.ArticleDetailView.as_view()), name="article"),
]
