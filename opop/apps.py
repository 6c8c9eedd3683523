from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpopConfig(AppConfig):
    name = "opop"
    verbose_name = _("OPOP")

    def ready(self):
        # Registers the app's daily jobs with portal.schedule.
        from opop import schedule  # noqa: F401
