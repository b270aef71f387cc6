from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Nyheter"

    def ready(self):
        from . import signals  # noqa: F401
        from .cache import watch_changes

        watch_changes()
