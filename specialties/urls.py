from django.urls import path

from specialties import ambition_views, library_views, views

urlpatterns = [
    path("", views.specialty_list, name="specialty_list"),
    path("<slug:slug>/", views.specialty_detail, name="specialty_detail"),
    path(
        "<slug:slug>/styrkepositioner/ny/",
        views.strength_position_create,
        name="strength_position_create",
    ),
    path(
        "<slug:slug>/styrkepositioner/<int:pk>/rediger/",
        views.strength_position_update,
        name="strength_position_update",
    ),
    path(
        "<slug:slug>/styrkepositioner/<int:pk>/slet/",
        views.strength_position_delete,
        name="strength_position_delete",
    ),
    path(
        "<slug:slug>/styrkepositioner/<int:pk>/populationsansvar/",
        views.population_responsibility_update,
        name="population_responsibility_update",
    ),
    # ambitions and dilemmas
    path(
        "ambitioner/til-godkendelse/",
        ambition_views.ambitions_waiting,
        name="ambitions_waiting",
    ),
    path(
        "<slug:slug>/ambition/<str:kind>/",
        ambition_views.ambition_detail,
        name="ambition_detail",
    ),
    path(
        "<slug:slug>/ambition/<str:kind>/godkendt/",
        library_views.ambition_shared,
        name="ambition_shared",
    ),
    path(
        "<slug:slug>/ambition/<str:kind>/rediger/",
        ambition_views.ambition_update,
        name="ambition_update",
    ),
    path(
        "<slug:slug>/ambition/<str:kind>/indsend/",
        ambition_views.ambition_submit,
        name="ambition_submit",
    ),
    path(
        "<slug:slug>/ambition/<str:kind>/godkend/",
        ambition_views.ambition_approve,
        name="ambition_approve",
    ),
    path(
        "<slug:slug>/ambition/<str:kind>/returner/",
        ambition_views.ambition_return,
        name="ambition_return",
    ),
    path(
        "<slug:slug>/dilemmaer/<str:kind>/ny/",
        ambition_views.dilemma_create,
        name="dilemma_create",
    ),
    path(
        "<slug:slug>/dilemmaer/<int:pk>/rediger/",
        ambition_views.dilemma_update,
        name="dilemma_update",
    ),
    path(
        "<slug:slug>/dilemmaer/<int:pk>/slet/",
        ambition_views.dilemma_delete,
        name="dilemma_delete",
    ),
]
