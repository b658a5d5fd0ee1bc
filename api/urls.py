from django.urls import path

from api import views
from api.endpoints import ENDPOINTS, VIEWS

urlpatterns = [
    path("", views.docs, name="api_docs"),
    path("schema.json", views.schema_json, name="api_schema"),
    path("noegler/", views.tokens, name="api_tokens"),
    path("noegler/<int:pk>/tilbagekald/", views.revoke, name="api_token_revoke"),
    *(
        path(f"v1/{endpoint.path}/", VIEWS[endpoint.name], name=f"api_{endpoint.name}")
        for endpoint in ENDPOINTS
    ),
]
