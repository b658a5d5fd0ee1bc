from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BassConfig(AppConfig):
    name = "bass"
    verbose_name = _("BASS programme")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from bass.middleware import session_refreshed_at_login

        user_logged_in.connect(session_refreshed_at_login, dispatch_uid="bass-session-refresh")
