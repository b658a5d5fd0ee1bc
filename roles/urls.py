from django.urls import path

from roles import views

urlpatterns = [
    path("personer/", views.person_list, name="person_list"),
    path("personer/<int:pk>/persondata/", views.personal_data, name="personal_data"),
    path("mine-data/", views.my_personal_data, name="my_personal_data"),
    path("tildeling/<int:pk>/afslut/", views.end_assignment, name="end_assignment"),
    path("<str:app_label>/<str:model_name>/<int:pk>/", views.object_roles, name="object_roles"),
    path("<str:app_label>/<str:model_name>/<int:pk>/tildel/", views.assign, name="assign_role"),
]
