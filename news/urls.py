from django.urls import path

from . import feeds, views

app_name = "news"
urlpatterns = [
    path("", views.ArticleListView.as_view(), name="list"),
    path("rss/", feeds.ArticleFeed(), name="rss"),
    path("atom/", feeds.ArticleAtomFeed(), name="atom"),
    path("<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
]
