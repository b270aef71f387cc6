from django.views.generic import DetailView, ListView

from .models import Announcement, Cluster, Tier


class ClusterListView(ListView):
    model = Cluster


class ClusterDetailView(DetailView):
    model = Cluster


class TierDetailView(DetailView):
    model = Tier


class AnnouncementListView(ListView):
    model = Announcement


class AnnouncementDetailView(DetailView):
    model = Announcement
