from django.urls import path

from improvement import library_views, views

urlpatterns = [
    path("", views.project_index, name="improvement_index"),
    path("specialer/<slug:slug>/", views.specialty_projects, name="improvement_specialty_projects"),
    path("specialer/<slug:slug>/ny/", views.project_create, name="improvement_project_create"),
    path(
        "initiativer/<int:pk>/ny/",
        views.initiative_project_create,
        name="improvement_initiative_project_create",
    ),
    path("<int:pk>/", views.project_detail, name="improvement_project_detail"),
    path("<int:pk>/rediger/", views.project_update, name="improvement_project_update"),
    path("<int:pk>/slet/", views.project_delete, name="improvement_project_delete"),
    path("<int:pk>/driverdiagram/", views.driver_diagram, name="improvement_driver_diagram"),
    path(
        "<int:pk>/driverdiagram/<int:node_pk>/rediger/",
        views.node_update,
        name="improvement_node_update",
    ),
    path(
        "<int:pk>/driverdiagram/<int:node_pk>/flyt/",
        views.node_move,
        name="improvement_node_move",
    ),
    path(
        "<int:pk>/driverdiagram/<int:node_pk>/slet/",
        views.node_delete,
        name="improvement_node_delete",
    ),
    path(
        "<int:pk>/forandringsideer/<int:node_pk>/pdsa/ny/",
        views.pdsa_create,
        name="improvement_pdsa_create",
    ),
    path("pdsa/<int:pk>/", views.pdsa_detail, name="improvement_pdsa_detail"),
    path("pdsa/<int:pk>/rediger/", views.pdsa_update, name="improvement_pdsa_update"),
    path("pdsa/<int:pk>/naeste/", views.pdsa_next, name="improvement_pdsa_next"),
    path("pdsa/<int:pk>/slet/", views.pdsa_delete, name="improvement_pdsa_delete"),
    path("<int:pk>/maalinger/ny/", views.measure_create, name="improvement_measure_create"),
    path("maalinger/<int:pk>/", views.measure_detail, name="improvement_measure_detail"),
    path("maalinger/<int:pk>/rediger/", views.measure_update, name="improvement_measure_update"),
    path("maalinger/<int:pk>/slet/", views.measure_delete, name="improvement_measure_delete"),
    path("maalinger/<int:pk>/data/", views.measure_data, name="improvement_measure_data"),
    path("maalinger/<int:pk>/import/", views.measure_import, name="improvement_measure_import"),
    path(
        "maalinger/<int:pk>/eksport.<str:fmt>",
        views.measure_export,
        name="improvement_measure_export",
    ),
    path(
        "maalinger/<int:pk>/faser/ny/",
        views.measure_phase_create,
        name="improvement_measure_phase_create",
    ),
    path(
        "maalinger/faser/<int:pk>/slet/",
        views.measure_phase_delete,
        name="improvement_measure_phase_delete",
    ),
]

urlpatterns += [
    path("deling/<str:kind>/<int:pk>/", library_views.share, name="improvement_share"),
    path("<int:pk>/fremdrift/", library_views.progress, name="improvement_progress"),
    path("delt/projekt/<int:pk>/", library_views.shared_project, name="improvement_shared_project"),
    path(
        "delt/forandringside/<int:pk>/",
        library_views.shared_idea,
        name="improvement_shared_idea",
    ),
    path("delt/pdsa/<int:pk>/", library_views.shared_cycle, name="improvement_shared_cycle"),
    path(
        "delt/forandringside/<int:pk>/brug/",
        library_views.reuse_idea,
        name="improvement_reuse_idea",
    ),
    path("delt/pdsa/<int:pk>/brug/", library_views.reuse_cycle, name="improvement_reuse_cycle"),
]
