from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GemaskopConfig(AppConfig):
    name = "gemaskop"
    verbose_name = _("GEMASKOP")
