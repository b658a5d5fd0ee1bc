from django.urls import path

from programme import dashboard_views, library, views

urlpatterns = [
    path("", views.home, name="home"),
    path("program/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("oversigt/", dashboard_views.programme_dashboard, name="programme_dashboard"),
    path(
        "oversigt/eksport.<str:fmt>",
        dashboard_views.dashboard_export,
        name="dashboard_export",
    ),
    path("aendringer/", dashboard_views.change_feed, name="change_feed"),
    path("bibliotek/", library.library, name="programme_library"),
    path("sygehuse/", views.hospital_list, name="hospital_list"),
    path("sygehuse/<int:pk>/", views.hospital_detail, name="hospital_detail"),
    path("kommuner/", views.municipality_list, name="municipality_list"),
    path("historik/<str:app_label>/<str:model_name>/<int:pk>/", views.history, name="history"),
    path(
        "historik/<str:app_label>/<str:model_name>/<int:pk>/gendan/<int:history_id>/",
        views.restore,
        name="history_restore",
    ),
]
