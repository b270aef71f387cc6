from django.utils.text import slugify

# Letters slugify() would otherwise drop or mangle ("Mæland" must become "maeland", not "mland").
NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "å": "a", "Å": "a"})


def norwegian_slugify(value):
    """Slugify with Norwegian letters spelt the way Norwegians write them in URLs."""
    return slugify(str(value).translate(NORWEGIAN_LETTERS))


def unique_slug(model, value, *, instance=None, field="slug", max_length=None):
    """A slug for `value` not yet used in `model`, with -2, -3 … on collision."""
    max_length = max_length or model._meta.get_field(field).max_length
    base = norwegian_slugify(value)[:max_length].strip("-") or "sak"
    others = model._default_manager.all()
    if instance is not None and instance.pk:
        others = others.exclude(pk=instance.pk)
    slug, n = base, 2
    while others.filter(**{field: slug}).exists():
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)].strip("-") + suffix
        n += 1
    return slug
