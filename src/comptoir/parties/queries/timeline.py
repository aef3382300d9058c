"""Reads of the 360° timeline."""

import datetime

from django.db.models import Q
from django.urls import NoReverseMatch, reverse

from comptoir.core.queries import require
from comptoir.parties.models import Affiliation, Interaction, Party

__all__ = [
    "interaction_source_url",
    "timeline",
    "timeline_cursor",
    "timeline_cursor_parse",
]

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MICROSECOND = datetime.timedelta(microseconds=1)


def timeline(
    *,
    user,
    party: Party,
    kinds: list[str] | None = None,
    before: tuple[datetime.datetime, int] | None = None,
    limit: int = 50,
) -> list[Interaction]:
    """The party's interactions, newest first, at most `limit`, older than `before` (the
    (occurred_at, id) of the last one shown: keyset pagination stays fast on long timelines).

    An organisation's timeline also holds its people's interactions; those carry `via`, the
    person, so the page can say whose they are (None for the party's own).
    """
    require(user, "parties.view_party")
    scope = Q(party_id=party.pk)
    if party.kind == "organisation":
        people = Affiliation.objects.filter(organisation_id=party.pk).values("person_id")
        scope |= Q(party_id__in=people)
    found = Interaction.objects.filter(scope).select_related("user", "party")
    if kinds:
        found = found.filter(kind__in=kinds)
    if before is not None:
        occurred_at, pk = before
        found = found.filter(Q(occurred_at__lt=occurred_at) | Q(occurred_at=occurred_at, id__lt=pk))
    entries = list(found.order_by("-occurred_at", "-id")[:limit])
    for entry in entries:
        entry.via = entry.party if entry.party_id != party.pk else None
    return entries


def timeline_cursor(entry: Interaction) -> str:
    """The `before` of the page after `entry`, as text for a URL ("<microseconds>.<id>")."""
    return f"{(entry.occurred_at - _EPOCH) // _MICROSECOND}.{entry.pk}"


def timeline_cursor_parse(text: str | None) -> tuple[datetime.datetime, int] | None:
    """The (occurred_at, id) of a cursor from a URL; None when absent or tampered with."""
    try:
        micros, pk = str(text or "").split(".")
        return _EPOCH + int(micros) * _MICROSECOND, int(pk)
    except (ValueError, OverflowError):
        return None


def interaction_source_url(entry: Interaction) -> str | None:
    """The page of the document behind an interaction, when its app has one.

    By convention an app names its detail page "<app>:<model>-detail" taking the id, so
    "sales.quote" / 42 links to reverse("sales:quote-detail", args=[42]).
    """
    if not entry.source_app or not entry.source_id or "." not in entry.source_app:
        return None
    app, model = entry.source_app.split(".", 1)
    try:
        return reverse(f"{app}:{model}-detail", args=[entry.source_id])
    except NoReverseMatch:
        return None
