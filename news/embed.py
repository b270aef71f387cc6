"""The embed: a cluster's latest news as a small HTML fragment for the cluster's own site.

`/klynger/<slug>/innbygging/` answers a fragment, not a page: a list of links, every text escaped by
the template, every address absolute, no script and no style, so the host site may insert it as it
is. Any origin may fetch it (`Access-Control-Allow-Origin: *`, no credentials), and it is cached like
the pages. `?antall=` chooses how many articles (1 to EMBED_MAX); anything else answers 400.
"""

from django.core.exceptions import BadRequest
from django.views.generic import DetailView

from clusters.models import Cluster

from .models import Article

EMBED_DEFAULT = 5
EMBED_MAX = 20


def embed_count(value):
    """`antall` as a number of articles; None (left out) is the default."""
    if value is None:
        return EMBED_DEFAULT
    if not (value.isascii() and value.isdigit() and 1 <= int(value) <= EMBED_MAX):
        raise BadRequest(f"antall must be a whole number from 1 to {EMBED_MAX}")
    return int(value)


class ClusterEmbedView(DetailView):
    model = Cluster
    template_name = "news/embed_cluster.html"

    def get_context_data(self, **kwargs):
        count = embed_count(self.request.GET.get("antall"))
        news = Article.objects.published().about([self.object]).select_related("category")[:count]
        return super().get_context_data(news=news, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response
