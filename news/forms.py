"""The newsroom's forms: the publish gate, the edit lock and the photo upload check."""

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from textrules.collation import norwegian

from . import images
from .models import Article, Photo, display_name
from .widgets import PhotoPicker


class SplitDateTimeWidget(AdminSplitDateTime):
    """The admin's date and time inputs, each named after the text beside it.

    Their shared <label> points at neither input (Django leaves `for` off on multi-input widgets).
    """

    def __init__(self, attrs=None):
        super().__init__(attrs)
        date, time = self.widgets
        date.attrs["aria-label"] = gettext_lazy("Dato")
        time.attrs["aria-label"] = gettext_lazy("Tid")


class AuthorsField(forms.ModelMultipleChoiceField):
    """Colleagues by name: the form shows nothing else about users, and needs no right to list them."""

    def label_from_instance(self, user):
        return display_name(user)


def author_choices(article):
    """Active staff, and whoever already signs the article (a colleague who has left keeps the byline)."""
    signed = Q(pk__in=article.authors.values("pk")) if article.pk else Q(pk__in=[])
    staff = get_user_model().objects.filter(Q(is_staff=True, is_active=True) | signed)
    return staff.order_by(norwegian("first_name"), norwegian("last_name"), "username")


class ArticleForm(forms.ModelForm):
    """An article as `user`, the person saving, edits it.

    Publishing passes the gate (Article.publishing_problems). The last step of validating a change
    claims the edit lock (Article.claim_version) in the admin's transaction: of two saves begun from
    one version the second is refused, with what was typed still in the form. Should the form be shown
    again for another error, the admin rolls the claim back.
    """

    # The version the journalist opened.
    lock_version = forms.IntegerField(label=gettext_lazy("versjon"), widget=forms.HiddenInput, required=False)
    authors = AuthorsField(
        queryset=None,
        required=False,
        label=gettext_lazy("forfattere"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "lead",
            "body",
            "lead_photo",
            "photo_caption",
            "category",
            "clusters",
            "announcement",
            "origin",
            "source_name",
            "source_url",
            "status",
            "publish_at",
            "authors",
            "byline",
        ]
        widgets = {"publish_at": SplitDateTimeWidget, "lead_photo": PhotoPicker}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["lock_version"].initial = self.instance.version
        self.fields["authors"].queryset = author_choices(self.instance)

    def _post_clean(self):
        super()._post_clean()  # the instance now holds what was typed
        if self.cleaned_data.get("status") == Article.Status.PUBLISHED:
            self._check_publishable()
        if self.instance.pk and not self.errors:
            self._claim_version()

    def _check_publishable(self):
        if problems := self.instance.publishing_problems(by=self.user):
            message = [_("Saken kan ikke publiseres ennå:"), *problems, _("Du kan lagre den som utkast.")]
            self.add_error(None, ValidationError(message, code="not_publishable"))

    def _claim_version(self):
        if self.instance.claim_version(self.cleaned_data.get("lock_version")):
            return
        current = Article.objects.select_related("last_edited_by").get(pk=self.instance.pk)
        editor = current.last_edited_by
        message = _(
            "Saken ble lagret av %(who)s %(when)s, etter at du åpnet den. Endringene dine er ikke "
            "lagret, men står fortsatt i skjemaet: åpne saken i en ny fane, før inn endringene dine "
            "der og lagre."
        ) % {
            "who": display_name(editor) if editor else _("noen andre"),
            "when": formats.date_format(timezone.localtime(current.updated), "j. F Y \\k\\l. H.i"),
        }
        self.add_error(None, ValidationError(message, code="stale"))


class PhotoForm(forms.ModelForm):
    # A plain file field: our own Pillow check (images.check_upload) gives the error messages.
    image = forms.FileField(
        label=gettext_lazy("bildefil"),
        help_text=gettext_lazy(
            "JPEG, PNG eller WebP. Bildetekst og kreditering hentes fra filen når de finnes."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Photo
        fields = ["image", "caption", "credit", "credit_kind", "alt_text", "focal_x", "focal_y"]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
            "focal_y": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A form sent without the choice (an upload by script) keeps the model's default, automatic;
        # without a focal point (an empty field too), the photo keeps the one it has.
        for name in {"credit_kind", "focal_x", "focal_y"} & set(self.fields):
            self.fields[name].required = False

    def clean_focal_x(self):
        return _or_kept(self.cleaned_data["focal_x"], self.instance.focal_x)

    def clean_focal_y(self):
        return _or_kept(self.cleaned_data["focal_y"], self.instance.focal_y)

    def clean_image(self):
        upload = self.cleaned_data["image"]
        if _is_new_upload(upload):
            images.check_upload(upload)
        elif not upload.storage.exists(upload.name):
            # An old version restored after prune_photo_files removed its files.
            raise ValidationError(
                _(
                    "Bildefilen finnes ikke lenger: gamle versjoner slettes etter en tid. "
                    "Last opp bildet på nytt."
                )
            )
        return upload

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("image")
        # Fields the journalist left empty are filled from the file, for them to check.
        self.prefilled = []
        if _is_new_upload(upload):
            found = images.embedded_text(upload)
            for field in ("caption", "credit"):
                if not cleaned_data.get(field) and found.get(field):
                    cleaned_data[field] = found[field][: Photo._meta.get_field(field).max_length or None]
                    self.prefilled.append(Photo._meta.get_field(field).verbose_name)
        return cleaned_data


def _or_kept(value, kept):
    return kept if value is None else value


def _is_new_upload(value):
    """True for a file just posted; False for the photo's stored file (an edit without upload)."""
    return hasattr(value, "content_type")
