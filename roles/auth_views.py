"""Log-in and log-out: the password form (for everyone, or only administrators when
``PASSWORD_LOGIN=admins-only``) beside single sign-on, and a log-out that also ends the
identity provider's session."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bass.forms import SafeInputMixin
from roles import sso
from roles.permissions import is_administrator


class PasswordLoginForm(SafeInputMixin, AuthenticationForm):
    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if settings.PASSWORD_LOGIN == "admins-only" and not is_administrator(user):
            raise ValidationError(
                _("Log in with single sign-on: password log-in is for administrators only."),
                code="sso_only",
            )


class LoginView(auth_views.LoginView):
    form_class = PasswordLoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = sso.enabled()
        context["password_for_admins_only"] = settings.PASSWORD_LOGIN == "admins-only"
        return context


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        id_token = request.session.get(sso.SESSION_ID_TOKEN, "")
        response = super().post(request, *args, **kwargs)
        return sso.provider_logout(request, id_token) or response
