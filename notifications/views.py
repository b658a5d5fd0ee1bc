from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from notifications.delivery import ALL_DIGEST, read_unsubscribe_token
from notifications.display import shown
from notifications.events import EVENTS, Delivery
from notifications.forms import CentreFilterForm, DeliverySettingsForm
from notifications.models import DeliveryPreference, Notification, RecipientSettings
from notifications.notify import email_address

PAGE_SIZE = 25


@login_required
def centre(request):
    form = CentreFilterForm(request.GET or None)
    show, kind = form.values() if request.GET else ("alle", "")
    rows = Notification.objects.filter(recipient=request.user).order_by("-created_at", "-pk")
    if show == "ulaeste":
        rows = rows.filter(read_at__isnull=True)
    if kind:
        rows = rows.filter(event=kind)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("side"))
    items = shown(page.object_list, request.user)
    rows_shown = [
        {
            "item": item,
            "html": item.sentence_html(
                reverse("notification_open", args=[item.notification.pk]) if item.link else ""
            ),
        }
        for item in items
    ]
    visible = {item.notification.pk for item in items}
    hidden_unread = [n.pk for n in page.object_list if n.pk not in visible and not n.is_read]
    if hidden_unread:
        # About objects the person may no longer see: they leave the unread count too.
        Notification.objects.filter(pk__in=hidden_unread).update(read_at=timezone.now())
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "notifications/centre.html",
        {
            "form": form if request.GET else CentreFilterForm(),
            "page": page,
            "rows": rows_shown,
            "query": query.urlencode(),
            "show": show,
            "has_unread": Notification.objects.filter(
                recipient=request.user, read_at__isnull=True
            ).exists(),
        },
    )


def _back(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notification_centre")


def _own(request, pk: int) -> Notification:
    try:
        return Notification.objects.get(pk=pk, recipient=request.user)
    except Notification.DoesNotExist:
        raise Http404 from None


@login_required
@require_POST
def mark_read(request, pk: int):
    notification = _own(request, pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return _back(request)


@login_required
@require_POST
def read_all(request):
    count = Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return _back(request)


@login_required
def open_notification(request, pk: int):
    """Follow a notification's link and mark it read; 404 when there is nothing to open
    (the object is deleted or the person may no longer see it)."""
    items = shown([_own(request, pk)], request.user)
    if not items or not items[0].link:
        raise Http404
    notification = items[0].notification
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect(items[0].link)


def _current_choices(user) -> dict[str, str]:
    return dict(DeliveryPreference.objects.filter(user=user).values_list("event", "delivery"))


def _language(user) -> str:
    return (
        RecipientSettings.objects.filter(user=user).values_list("language", flat=True).first()
        or "da"
    )


@login_required
def delivery_settings(request):
    form = DeliverySettingsForm(
        request.POST or None,
        current=_current_choices(request.user),
        language=_language(request.user),
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for key, delivery in form.chosen().items():
                if delivery == EVENTS[key].default:
                    DeliveryPreference.objects.filter(user=request.user, event=key).delete()
                else:
                    DeliveryPreference.objects.update_or_create(
                        user=request.user, event=key, defaults={"delivery": delivery}
                    )
            RecipientSettings.objects.update_or_create(
                user=request.user, defaults={"language": form.cleaned_data["language"]}
            )
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notification_settings")
    return render(
        request,
        "notifications/settings.html",
        {"form": form, "has_email": bool(email_address(request.user))},
    )


def _unsubscribe_kinds(user, event: str) -> list[str]:
    if event != ALL_DIGEST:
        return [event]
    current = _current_choices(user)
    return [
        kind.key
        for kind in EVENTS.values()
        if current.get(kind.key, kind.default) == Delivery.DIGEST
    ]


@csrf_exempt  # the signed token is the authority; mail clients POST it (RFC 8058 one-click)
def unsubscribe(request, token: str):
    found = read_unsubscribe_token(token)
    user = None
    if found is not None:
        user = get_user_model().objects.filter(pk=found[0], is_active=True).first()
    if user is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    event = found[1]
    label = _("the daily digest") if event == ALL_DIGEST else EVENTS[event].label
    if request.method == "POST":
        with transaction.atomic():
            for key in _unsubscribe_kinds(user, event):
                DeliveryPreference.objects.update_or_create(
                    user=user, event=key, defaults={"delivery": Delivery.OFF}
                )
        context = {"done": True, "label": label, "person": user}
        return render(request, "notifications/unsubscribe.html", context)
    return render(
        request,
        "notifications/unsubscribe.html",
        {"done": False, "label": label, "person": user, "token": token},
    )
