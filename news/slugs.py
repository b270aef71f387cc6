"""Article addresses: Norwegian letters spelt out, collisions numbered, never a word the site uses."""

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from textrules.slugs import is_reserved

# Letters slugify() would otherwise drop or mangle ("Mæland" must become "maeland", not "mland").
NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "å": "a", "Å": "a"})
SAVE_ATTEMPTS = 5


def norwegian_slugify(value):
    """Slugify with Norwegian letters spelt the way Norwegians write them in URLs."""
    return slugify(str(value).translate(NORWEGIAN_LETTERS))


def unique_slug(model, value, *, instance=None, field="slug", max_length=None):
    """A slug for `value` not yet used in `model` nor reserved, with -2, -3 … on collision."""
    max_length = max_length or model._meta.get_field(field).max_length
    base = norwegian_slugify(value)[:max_length].strip("-") or "sak"
    others = model._default_manager.all()
    if instance is not None and instance.pk:
        others = others.exclude(pk=instance.pk)
    slug, n = base, 2
    while is_reserved(slug) or others.filter(**{field: slug}).exists():
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)].strip("-") + suffix
        n += 1
    return slug


def save_with_unique_slug(instance, text, save):
    """Call `save()` for `instance`, first giving it a free slug made of `text` if it has none.

    A new row whose slug a concurrent save took first is saved again with the next free slug, so two
    journalists saving the same headline at the same moment both keep their article.
    """
    model = type(instance)
    source = instance.slug or text
    if not instance.slug:
        instance.slug = unique_slug(model, source, instance=instance)
    if not instance._state.adding:
        return save()
    for attempt in range(1, SAVE_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                return save()
        except IntegrityError:
            if attempt == SAVE_ATTEMPTS or not model._default_manager.filter(slug=instance.slug).exists():
                raise
            instance.slug = unique_slug(model, source)
