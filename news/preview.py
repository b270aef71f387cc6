"""Preview in the article form: the page as readers will see it, made from the form as it stands.

The posted form is saved in a transaction that is then rolled back, and the public article view
renders it in between: the same template, context and queries as the live page, with nothing kept
(the edit lock is not claimed, the publish gate is not asked). static/newsroom/preview.js shows the
answer in a frame at a phone's and a desktop's width.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from .autosave import may_edit
from .models import Article
from .views import ArticleDetailView


class PreviewAdmin:
    """For ArticleAdmin: POST the article form to `preview/` (a new article) or `<id>/preview/`."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("preview/", view(self.preview_view), name="news_article_preview"),
            path("<int:object_id>/preview/", view(self.preview_view), name="news_article_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id=None):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article, pk=object_id) if object_id else None
        if not may_edit(self, request, article):
            raise PermissionDenied
        form_class = self.get_form(request, article, change=article is not None)
        with transaction.atomic():
            form = type("PreviewForm", (Unchecked, form_class), {})(request.POST, instance=article)
            if form.is_valid():
                response = render_article(request, form.save())
            else:
                response = HttpResponseBadRequest(errors(form))
            transaction.set_rollback(True)  # nothing of the preview is kept
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
        return response


class Unchecked:
    """The article form without the checks that belong to saving: the edit lock and the publish gate."""

    def _claim_version(self):
        pass

    def _check_publishable(self):
        pass


def render_article(request, article):
    view = ArticleDetailView()
    view.setup(request, slug=article.slug)
    view.object = view.get_object()
    context = view.get_context_data(object=view.object)
    return TemplateResponse(request, view.get_template_names(), context).render()


def errors(form):
    """Why there is no preview, field by field, as a short HTML fragment."""
    items = format_html_join(
        "",
        "<li>{}: {}</li>",
        (
            (form.fields[name].label if name in form.fields else _("Saken"), " ".join(messages))
            for name, messages in form.errors.items()
        ),
    )
    return format_html(
        "<p>{}</p><ul>{}</ul>", _("Forhåndsvisningen kan ikke lages før dette er rettet:"), items
    )
