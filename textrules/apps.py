from django.apps import AppConfig
from django.db.backends.signals import connection_created


class TextRulesConfig(AppConfig):
    name = "textrules"
    verbose_name = "Tekstregler"

    def ready(self):
        from .collation import register_on_sqlite

        connection_created.connect(register_on_sqlite, dispatch_uid="textrules.norwegian_collation")
