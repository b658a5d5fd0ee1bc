from django.urls import path

from clusters import views

urlpatterns = [
    path("", views.cluster_list, name="cluster_list"),
    path("<int:pk>/", views.cluster_detail, name="cluster_detail"),
    path("<int:pk>/afloesning/", views.cluster_succession, name="cluster_succession"),
    path("beslutninger/", views.decision_log, name="decision_log"),
    path("fora/<int:pk>/", views.forum_detail, name="forum_detail"),
    path("fora/<int:pk>/standardpunkter/", views.standard_items, name="standard_items"),
    path("standardpunkter/<int:pk>/", views.standard_item_update, name="standard_item_update"),
    path("fora/<int:pk>/moeder/nyt/", views.meeting_create, name="meeting_create"),
    path("fora/<int:pk>/prioritering/", views.prioritisation, name="prioritisation"),
    path("fora/<int:pk>/initiativer/nyt/", views.initiative_create, name="initiative_create"),
    path("moeder/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("moeder/<int:pk>/rediger/", views.meeting_update, name="meeting_update"),
    path("moeder/<int:pk>/videre/", views.meeting_advance, name="meeting_advance"),
    path("moeder/<int:pk>/fremmoede/", views.meeting_attendance, name="meeting_attendance"),
    path("moeder/<int:pk>/dagsorden-udsendt.pdf", views.agenda_as_sent, name="agenda_as_sent"),
    path("moeder/<int:pk>/punkter/nyt/", views.item_create, name="item_create"),
    path("offentlig/moeder/<int:pk>/", views.public_meeting, name="public_meeting"),
    path("offentlig/moeder/<int:pk>/pdf/", views.public_meeting_pdf, name="public_meeting_pdf"),
    path("punkter/<int:pk>/rediger/", views.item_update, name="item_update"),
    path("punkter/<int:pk>/beslutning/", views.item_decision, name="item_decision"),
    path("punkter/<int:pk>/protokoltilfoersel/", views.item_dissent, name="item_dissent"),
    path("punkter/<int:pk>/flyt/", views.item_move, name="item_move"),
    path("punkter/<int:pk>/slet/", views.item_delete, name="item_delete"),
    path("punkter/<int:pk>/bilag/nyt/", views.attachment_create, name="attachment_create"),
    path("bilag/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("initiativer/<int:pk>/", views.initiative_detail, name="initiative_detail"),
    path("initiativer/<int:pk>/rediger/", views.initiative_update, name="initiative_update"),
    path(
        "initiativer/maal/<int:pk>/vaerdier/ny/",
        views.triple_aim_value_create,
        name="triple_aim_value_create",
    ),
    path(
        "initiativer/maalvaerdier/<int:pk>/slet/",
        views.triple_aim_value_delete,
        name="triple_aim_value_delete",
    ),
]
