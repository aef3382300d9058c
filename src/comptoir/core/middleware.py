from django.utils import translation

from comptoir.core import audit


class UserLanguageMiddleware:
    """A signed-in person sees Comptoir in the language of their profile."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class CurrentUserMiddleware:
    """Changes made while serving a request are audited in the name of its user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with audit.acting_as(getattr(request, "user", None)):
            return self.get_response(request)
