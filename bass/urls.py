from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from bass import dashboard_views, export_views, views

admin.site.site_header = "BASS"

urlpatterns = [
    path("", views.home, name="home"),
    path("log-ind/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("program/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("oversigt/", dashboard_views.programme_dashboard, name="programme_dashboard"),
    path(
        "oversigt/eksport.<str:fmt>",
        dashboard_views.dashboard_export,
        name="dashboard_export",
    ),
    path("aendringer/", dashboard_views.change_feed, name="change_feed"),
    path("sygehuse/", views.hospital_list, name="hospital_list"),
    path("sygehuse/<int:pk>/", views.hospital_detail, name="hospital_detail"),
    path("kommuner/", views.municipality_list, name="municipality_list"),
    path("historik/<str:app_label>/<str:model_name>/<int:pk>/", views.history, name="history"),
    path(
        "historik/<str:app_label>/<str:model_name>/<int:pk>/gendan/<int:history_id>/",
        views.restore,
        name="history_restore",
    ),
    path("eksport/fil/<int:pk>/", export_views.export_detail, name="export_detail"),
    path("eksport/fil/<int:pk>/hent/", export_views.export_download, name="export_download"),
    path("eksport/<str:kind_key>/<int:pk>/", export_views.export_page, name="export_page"),
    path("eksport/<str:kind_key>/<int:pk>/ny/", export_views.export_create, name="export_create"),
    path("specialer/", include("specialties.urls")),
    path("roller/", include("roles.urls")),
    path("baeredygtighed/", include("sustainability.urls")),
    path("forbedring/", include("improvement.urls")),
    path("klynger/", include("clusters.urls")),
    path("implementering/", include("plans.urls")),
    path("admin/", admin.site.urls),
]
