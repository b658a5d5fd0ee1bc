"""The measure wall's URLs, in the namespace ``programme`` (``programme:measure_wall``)."""

from django.urls import path

from programme import wall

app_name = "programme"

urlpatterns = [
    path("maalevaeg/", wall.measure_wall_page, name="measure_wall"),
    path("maalevaeg/eksport.<str:fmt>", wall.measure_wall_export, name="measure_wall_export"),
]
