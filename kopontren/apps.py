from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KopontrenConfig(AppConfig):
    name = "kopontren"
    verbose_name = _("Registri kopontren")

    def ready(self):
        # Registers the app's daily jobs with portal.schedule.
        from kopontren import schedule  # noqa: F401
