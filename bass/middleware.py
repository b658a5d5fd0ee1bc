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
