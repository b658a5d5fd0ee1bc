from django.urls import path

from plans import views

urlpatterns = [
    path("", views.index, name="plans_index"),
    path("speciale/<slug:slug>/", views.specialty_progress, name="plans_specialty"),
    path("speciale/<slug:slug>/fase/", views.phase_move, name="plans_phase_move"),
    path("speciale/<slug:slug>/planer/ny/", views.plan_create, name="plans_plan_create"),
    path("speciale/<slug:slug>/bevillinger/ny/", views.grant_create, name="plans_grant_create"),
    path(
        "speciale/<slug:slug>/centerstoette/ny/",
        views.support_create,
        name="plans_support_create",
    ),
    path("planer/<int:pk>/", views.plan_detail, name="plans_plan_detail"),
    path("planer/<int:pk>/tidslinje/", views.plan_timeline, name="plans_plan_timeline"),
    path("planer/<int:pk>/eksport.xlsx", views.plan_export, name="plans_plan_export"),
    path("planer/<int:pk>/rediger/", views.plan_update, name="plans_plan_update"),
    path("planer/<int:pk>/slet/", views.plan_delete, name="plans_plan_delete"),
    path("planer/<int:pk>/milepaele/ny/", views.milestone_create, name="plans_milestone_create"),
    path("milepaele/<int:pk>/rediger/", views.milestone_update, name="plans_milestone_update"),
    path("milepaele/<int:pk>/slet/", views.milestone_delete, name="plans_milestone_delete"),
    path("bevillinger/<int:pk>/forbrug/ny/", views.spending_create, name="plans_spending_create"),
]
