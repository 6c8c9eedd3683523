from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GemaskopConfig(AppConfig):
    name = "gemaskop"
    verbose_name = _("GEMASKOP")

    def ready(self):
        # Registers the app's daily jobs with portal.schedule.
        from gemaskop import schedule  # noqa: F401
