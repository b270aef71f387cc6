from django.urls import path

from . import views
from .views import public_page

# The project adds the pages about one cluster, tier or announcement to this namespace
# (`clusters:cluster`, `clusters:tier`, `clusters:announcement`), served by the news app.
app_name = "clusters"
urlpatterns = [
    path("klynger/", public_page(views.ClusterListView.as_view()), name="list"),
    path("kunngjoringer/", public_page(views.AnnouncementListView.as_view()), name="announcements"),
    path("program/", public_page(views.TierListView.as_view()), name="tiers"),
]
