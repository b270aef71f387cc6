"""The article form's photo picker: the chosen photo as a thumbnail, and the photo library
(news/admin_photos.py) opened in a window to search and choose in, or to upload a new photo."""

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from .models import Photo


class PhotoPicker(forms.Widget):
    """A lead photo chosen from the library.

    The value travels in a hidden input, set by Django's own lookup window (the library in popup mode,
    where a photo's link chooses it) and by its add-another window (the "+" beside the picker).
    """

    template_name = "admin/news/widgets/photo_picker.html"

    class Media:
        css = {"all": ["newsroom/photo-library.css", "newsroom/focal.css"]}
        js = ["admin/js/jquery.init.js", "admin/js/admin/RelatedObjectLookups.js", "newsroom/photo-picker.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = str(value or "")
        context["photo"] = Photo.objects.filter(pk=chosen).first() if chosen.isdigit() else None
        context["library_url"] = f"{reverse('admin:news_photo_changelist')}?_to_field=id"
        context["card_url"] = reverse("admin:news_photo_card", args=["__fk__"])
        return context

    def _render(self, template_name, context, renderer=None):
        # From the project's templates (the form renderer looks only in the apps' folders).
        return mark_safe(render_to_string(template_name, context))

    def id_for_label(self, id_):
        # The field's label names what is chosen (an <output>); a hidden input cannot be labelled.
        return f"{id_}_chosen" if id_ else None

    def value_from_datadict(self, data, files, name):
        return data.get(name) or None
