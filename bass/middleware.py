"""Danish unless the user chose otherwise.

The users are Danish staff whose browsers often send English as the preferred language
(corporate images). The interface language is therefore Danish by default and English only by
the user's explicit choice (the language switch sets Django's language cookie).
"""

import time


class DanishByDefaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class SessionRefreshMiddleware:
    """Keeps the idle timeout (SESSION_COOKIE_AGE from the last request) while saving the
    session at most once a minute, instead of on every request (three queries, about a
    sixth of a small page's time). A session then ends between SESSION_COOKIE_AGE minus a
    minute and SESSION_COOKIE_AGE after the last request. Sits after SessionMiddleware,
    which saves a modified session when the response passes it."""

    INTERVAL = 60  # seconds
    KEY = "_refreshed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.session_key is None or not session.keys():
            return response
        now = int(time.time())
        if now - int(session.get(self.KEY, 0)) >= self.INTERVAL:
            session[self.KEY] = now  # marks it modified: saved with a new expiry
        return response


class StaleVersionMiddleware:
    """A save that lost a race outside an edit form (a move, a status step, the admin)
    gets a clear page instead of a server error; the losing save wrote nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.shortcuts import render

        from bass.history import StaleVersion

        if not isinstance(exception, StaleVersion):
            return None
        instance = exception.instance
        url = instance.get_absolute_url() if hasattr(instance, "get_absolute_url") else ""
        return render(request, "bass/stale_version.html", {"object_url": url}, status=409)


def session_refreshed_at_login(sender, request, user, **kwargs):
    """A session is new at log-in (saved with a fresh expiry): its first minute needs no
    refresh, so the first request after log-in writes nothing either."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SessionRefreshMiddleware.KEY] = int(time.time())
