"""Who is calling the API: a personal token (programs) or the session cookie (the browser)."""

from django.utils import translation
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, django_auth

from comptoir.core.tokens import api_token_authenticate


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer cpt_…`, a key from the « API tokens » page."""

    def authenticate(self, request, token):
        user = api_token_authenticate(token)
        if user is None:
            # A key was given and is wrong: say so now rather than fall back to the session
            # check, which would answer a confusing "CSRF failed" to a PATCH.
            raise AuthenticationError()
        # Services, queries and the audit trail all read request.user.
        request.user = user
        if user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return user


# Token first: a program sends no cookie, and the session check would demand a CSRF token.
# The session is Django's own login, with CSRF enforced on unsafe methods.
DEFAULT_AUTH = [ApiTokenAuth(), django_auth]
