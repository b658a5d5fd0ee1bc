from django.urls import path

from discussion import views

urlpatterns = [
    path("<int:content_type_id>/<int:object_id>/", views.discussion_page, name="discussion_page"),
    path(
        "<int:content_type_id>/<int:object_id>/kommentar/",
        views.comment_create,
        name="comment_create",
    ),
    path(
        "<int:content_type_id>/<int:object_id>/personer/",
        views.mention_suggestions,
        name="mention_suggestions",
    ),
    path(
        "<int:content_type_id>/<int:object_id>/bilag/",
        views.attachment_create,
        name="discussion_attachment_create",
    ),
    path("kommentar/<int:pk>/", views.comment_detail, name="comment_detail"),
    path("kommentar/<int:pk>/svar/", views.comment_reply, name="comment_reply"),
    path("kommentar/<int:pk>/rediger/", views.comment_update, name="comment_update"),
    path("kommentar/<int:pk>/slet/", views.comment_delete, name="comment_delete"),
    path("bilag/<int:pk>/", views.attachment_download, name="discussion_attachment_download"),
    path("bilag/<int:pk>/fjern/", views.attachment_delete, name="discussion_attachment_delete"),
]
