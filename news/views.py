from django.views.generic import DetailView, ListView

from .models import Article


class PublishedArticleMixin:
    def get_queryset(self):
        return Article.objects.published().select_related("category", "lead_photo")


class ArticleListView(PublishedArticleMixin, ListView):
    paginate_by = 20
    page_kwarg = "side"


class ArticleDetailView(PublishedArticleMixin, DetailView):
    pass
