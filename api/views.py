"""The person's access tokens, the API's documentation page and its OpenAPI document."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from api import schema
from api.endpoints import ENDPOINTS, MAX_PAGE_SIZE, PAGE_SIZE
from api.forms import TokenForm
from api.models import AccessToken


@never_cache
@login_required
def tokens(request):
    """List, create: a new token is shown on the answer to the POST and never again."""
    new_token = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            _token, new_token = AccessToken.issue(
                request.user, form.cleaned_data["name"], form.cleaned_data["expires_on"]
            )
            form = TokenForm()
    else:
        form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": AccessToken.objects.filter(user=request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def revoke(request, pk: int):
    token = get_object_or_404(AccessToken, pk=pk, user=request.user)
    if token.revoked_at is None:
        AccessToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api_tokens")


def _server_url(request) -> str:
    return request.build_absolute_uri(reverse("api_docs")).rstrip("/")


@require_GET
def schema_json(request):
    return JsonResponse(schema.document(_server_url(request)), json_dumps_params={"indent": 2})


@require_GET
def docs(request):
    return render(
        request,
        "api/docs.html",
        {
            "endpoints": [(endpoint, reverse(f"api_{endpoint.name}")) for endpoint in ENDPOINTS],
            "page_size": PAGE_SIZE,
            "max_page_size": MAX_PAGE_SIZE,
        },
    )
