from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = _("Cooperation tracker")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import cache, counts

        cache.connect_signals()
        counts.connect_signals()
