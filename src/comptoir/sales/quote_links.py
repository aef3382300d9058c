"""The customer's link to a quote: signed, no login.

The token carries the quote's id and version, signed with the secret key and a salt of its
own, and stamped: a link older than LINK_MAX_AGE is refused, a tampered one too. The version
makes a link to v1 say « superseded » once v2 exists, instead of showing the new version to
someone who was sent the old one.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from comptoir.sales.exceptions import LinkInvalid

SALT = "comptoir.sales.quote-link"
LINK_MAX_AGE = 180 * 24 * 3600  # seconds: long past any validity, short of forever


def quote_token(quote) -> str:
    return signing.dumps({"q": quote.pk, "v": quote.version}, salt=SALT, compress=True)


def quote_token_read(token: str, *, max_age: int | None = None) -> tuple[int, int]:
    """(quote id, version) of a token, or LinkInvalid (tampered with, or too old)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=LINK_MAX_AGE if max_age is None else max_age)
        return int(data["q"]), int(data["v"])
    except signing.SignatureExpired:
        raise LinkInvalid(_("This link has expired: ask us for a new one.")) from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise LinkInvalid(_("This link is not valid: check that it was copied whole.")) from None


def quote_link_url(quote) -> str:
    base = settings.COMPTOIR_SITE_URL.rstrip("/")
    return base + reverse("sales:quote-public", args=[quote_token(quote)])


def quote_page_url(quote) -> str:
    base = settings.COMPTOIR_SITE_URL.rstrip("/")
    return base + reverse("sales:quote", args=[quote.pk])
