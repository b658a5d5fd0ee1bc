from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BassConfig(AppConfig):
    name = "bass"
    verbose_name = _("BASS programme")
