from django.urls import path

from sustainability import views

urlpatterns = [
    path("", views.overview, name="sustainability_overview"),
    path("kriterier/", views.criterion_list, name="criterion_list"),
    path("kriterier/ny/", views.criterion_create, name="criterion_create"),
    path("kriterier/<int:pk>/rediger/", views.criterion_update, name="criterion_update"),
    path("speciale/<slug:slug>/", views.specialty_sustainability, name="specialty_sustainability"),
    path("speciale/<slug:slug>/ny-vurdering/", views.assessment_create, name="assessment_create"),
    path("speciale/<slug:slug>/prisme/ny/", views.prism_create, name="prism_create"),
    path(
        "prisme/<str:app_label>/<str:model_name>/<int:pk>/",
        views.prism_rate,
        name="prism_rate",
    ),
    path("vurdering/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("vurdering/<int:pk>/rediger/", views.assessment_update, name="assessment_update"),
    path("vurdering/<int:pk>/scorer/", views.assessment_scores, name="assessment_scores"),
    path("vurdering/<int:pk>/afslut/", views.assessment_finalise, name="assessment_finalise"),
    path("vurdering/<int:pk>/slet/", views.assessment_delete, name="assessment_delete"),
    path("prisme/<int:pk>/rediger/", views.prism_update, name="prism_update"),
    path("prisme/<int:pk>/slet/", views.prism_delete, name="prism_delete"),
]
