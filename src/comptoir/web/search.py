"""The global search: each area contributes a provider; the top bar asks them all.

A provider takes (user, query, limit) and returns SearchHit rows the user may see. Web's own
providers are below; any other Comptoir app contributes a `provider` function in its
`search.py` module (found on the first search, like admin.py), returning dicts with the
SearchHit fields: apps below web may not import it.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from comptoir.web.navigation import menu_for


@dataclass(frozen=True)
class SearchHit:
    kind: str
    label: str
    detail: str
    url: str
    icon: str


Provider = Callable[[object, str, int], list[SearchHit]]
PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    PROVIDERS.append(provider)
    return provider


def _fold(text: str) -> str:
    import unicodedata

    return "".join(
        c for c in unicodedata.normalize("NFKD", str(text)) if not unicodedata.combining(c)
    ).casefold()


@register
def pages(user, query: str, limit: int) -> list[SearchHit]:
    """Menu pages whose name matches, so "numérotation" or "audit" leads somewhere."""
    wanted = _fold(query)
    return [
        SearchHit(str(_("Page")), str(entry.label), str(section.label), entry.url, entry.icon)
        for section, entries in menu_for(user)
        for entry in entries
        if wanted in _fold(entry.label)
    ][:limit]


@register
def users(user, query: str, limit: int) -> list[SearchHit]:
    if not user.has_perm("core.view_user"):
        return []
    from django.urls import reverse

    from comptoir.core.models import User

    words = query.split()
    condition = Q()
    for word in words:
        condition &= (
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
        )
    return [
        SearchHit(
            str(_("User")),
            str(found),
            found.email,
            reverse("core:user-detail", args=[found.pk]),
            "person",
        )
        for found in User.objects.filter(condition).order_by("last_name", "username")[:limit]
    ]


_discovered = False
_discovery_lock = threading.Lock()


def discover() -> list[Provider]:
    """Registers the `provider` of every installed Comptoir app's search.py, once per
    process (threads of one worker may search at the same time)."""
    global _discovered
    with _discovery_lock:
        if not _discovered:
            _discover()
            _discovered = True
    return PROVIDERS


def _discover() -> None:
    from importlib import import_module

    from django.apps import apps
    from django.utils.module_loading import module_has_submodule

    for config in apps.get_app_configs():
        if not config.name.startswith("comptoir.") or config.name == __package__:
            continue
        if module_has_submodule(config.module, "search"):
            module = import_module(f"{config.name}.search")
            if callable(getattr(module, "provider", None)):
                register(_from_dicts(module.provider))


def _from_dicts(provider) -> Provider:
    def hits(user, query: str, limit: int) -> list[SearchHit]:
        return [SearchHit(**row) for row in provider(user, query, limit)]

    hits.__name__ = f"{provider.__module__}.provider"
    return hits


def search(user, query: str, *, limit: int = 8) -> list[SearchHit]:
    discover()
    query = (query or "").strip()
    if len(query) < 2:
        return []
    hits: list[SearchHit] = []
    for provider in PROVIDERS:
        hits.extend(provider(user, query, limit))
    return hits[: limit * 3]
