"""Danish unless the user chose otherwise.

The users are Danish staff whose browsers often send English as the preferred language
(corporate images). The interface language is therefore Danish by default and English only by
the user's explicit choice (the language switch sets Django's language cookie).
"""


class DanishByDefaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


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
