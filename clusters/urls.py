from django.urls import path

from . import views

app_name = "clusters"
urlpatterns = [
    path("klynger/", views.ClusterListView.as_view(), name="list"),
    path("klynger/<slug:slug>/", views.ClusterDetailView.as_view(), name="cluster"),
    path("program/<slug:slug>/", views.TierDetailView.as_view(), name="tier"),
    path("kunngjoringer/", views.AnnouncementListView.as_view(), name="announcements"),
    path("kunngjoringer/<slug:slug>/", views.AnnouncementDetailView.as_view(), name="announcement"),
]
