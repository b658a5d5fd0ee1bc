from django.urls import path

from roles import auth_views, sso

urlpatterns = [
    path("log-ind/", auth_views.LoginView.as_view(), name="login"),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("sso/log-ind/", sso.start, name="sso_login"),
    path("sso/tilbage/", sso.callback, name="sso_callback"),
]
