from django.urls import path

from specialties import views

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
]
