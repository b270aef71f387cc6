from django.urls import path
from django.views.decorators.cache import cache_control

from . import views

# Public pages: shared caches may keep them briefly; ConditionalGetMiddleware adds the ETag
# and answers a matching conditional GET with 304.
public = cache_control(max_age=300)

app_name = "clusters"
urlpatterns = [
    path("klynger/", public(views.ClusterListView.as_view()), name="list"),
    path("klynger/<slug:slug>/", public(views.ClusterDetailView.as_view()), name="cluster"),
    path("program/<slug:slug>/", public(views.TierDetailView.as_view()), name="tier"),
    path("kunngjoringer/", public(views.AnnouncementListView.as_view()), name="announcements"),
    path("kunngjoringer/<slug:slug>/", public(views.AnnouncementDetailView.as_view()), name="announcement"),
]
