from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KopontrenConfig(AppConfig):
    name = "kopontren"
    verbose_name = _("Registri kopontren")
