from django.contrib import admin
from django.urls import include, path

from bass import export_views, views

admin.site.site_header = "BASS"

urlpatterns = [
    # Log-in, log-out and single sign-on (roles/auth_urls.py).
    path("", include("roles.auth_urls")),
    path("was", views.accessibility_statement, name="accessibility_statement"),
    path("was/", views.accessibility_statement),
    path("i18n/", include("django.conf.urls.i18n")),
    path("eksport/fil/<int:pk>/", export_views.export_detail, name="export_detail"),
    path("eksport/fil/<int:pk>/hent/", export_views.export_download, name="export_download"),
    path("eksport/<str:kind_key>/<int:pk>/", export_views.export_page, name="export_page"),
    path("eksport/<str:kind_key>/<int:pk>/ny/", export_views.export_create, name="export_create"),
    path("specialer/", include("specialties.urls")),
    path("roller/", include("roles.urls")),
    path("notifikationer/", include("notifications.urls")),
    path("diskussion/", include("discussion.urls")),
    path("baeredygtighed/", include("sustainability.urls")),
    path("forbedring/", include("improvement.urls")),
    path("klynger/", include("clusters.urls")),
    path("implementering/", include("plans.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
    path("", include("programme.wall_urls")),
    path("", include("programme.urls")),
]
