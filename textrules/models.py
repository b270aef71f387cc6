from django.db import models

from . import clean


class CleanTextModel(models.Model):
    """A model whose text fields are cleaned (`textrules.clean`) before validation and saving."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.clean_text_fields()
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        self.clean_text_fields()
        super().clean_fields(exclude)

    def clean_text_fields(self):
        for field in self._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                value = getattr(self, field.attname)
                setattr(self, field.attname, clean(value, multiline=isinstance(field, models.TextField)))
