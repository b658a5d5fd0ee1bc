from django.urls import path

from roles import views

urlpatterns = [
    path("personer/", views.person_list, name="person_list"),
    path("tildeling/<int:pk>/afslut/", views.end_assignment, name="end_assignment"),
    path("<str:app_label>/<str:model_name>/<int:pk>/", views.object_roles, name="object_roles"),
    path("<str:app_label>/<str:model_name>/<int:pk>/tildel/", views.assign, name="assign_role"),
]
