from django.urls import path

from notifications import views

urlpatterns = [
    path("", views.centre, name="notification_centre"),
    path("alle-laest/", views.read_all, name="notification_read_all"),
    path("<int:pk>/laest/", views.mark_read, name="notification_read"),
    path("<int:pk>/aabn/", views.open_notification, name="notification_open"),
    path("indstillinger/", views.delivery_settings, name="notification_settings"),
    path("afmeld/<str:token>/", views.unsubscribe, name="notification_unsubscribe"),
]
