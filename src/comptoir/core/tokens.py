"""Personal API tokens: created, revoked, and checked on every API request.

A key looks like "cpt_<43 url-safe characters>". Only its SHA-256 is stored, so a stolen
database dump gives no working key; the person sees the key once, when it is created.
"""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import ApiToken, User

KEY_PREFIX = "cpt_"
SHOWN_PREFIX_LENGTH = 12
# Recording every use would write to the database on every API call; a minute is precise
# enough to tell a token still in use from a forgotten one.
LAST_USED_PRECISION = timedelta(minutes=1)


def _digest(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str, expires_at: datetime | None = None):
    """A new token for `user`; returns (token, raw_key). The raw key is never stored."""
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Give the token a name, for example the tool that will use it.")
    elif len(name) > ApiToken._meta.get_field("name").max_length:
        errors["name"] = _("The name is too long.")
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = _("The expiry date must be in the future.")
    if errors:
        raise ValidationError(errors)
    raw_key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw_key[:SHOWN_PREFIX_LENGTH],
        digest=_digest(raw_key),
        expires_at=expires_at,
    )
    return token, raw_key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Stop a token from working, for good. Its owner or a user manager may do it."""
    if by is None or (token.user_id != by.pk and not by.has_perm("core.change_user")):
        raise NotAllowed(_("This token is not yours."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(raw_key: str) -> User | None:
    """The active user a key belongs to, or None for an unknown, revoked or expired key."""
    if not raw_key or not raw_key.startswith(KEY_PREFIX):
        return None
    digest = _digest(raw_key)
    # The lookup is by digest, so how long it takes says nothing about the stored keys
    # (an attacker cannot aim at a digest prefix); compare_digest guards the final check.
    token = ApiToken.objects.select_related("user").filter(digest=digest).first()
    if token is None or not hmac.compare_digest(token.digest, digest):
        return None
    now = timezone.now()
    if token.revoked_at is not None or (token.expires_at is not None and token.expires_at <= now):
        return None
    if not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def api_tokens_of(*, user: User):
    """The tokens a person sees on their own page: theirs, newest first."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def api_token_status(token: ApiToken, now: datetime | None = None) -> str:
    """ "active", "expired" or "revoked", for the list page."""
    now = now or timezone.now()
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= now:
        return "expired"
    return "active"
