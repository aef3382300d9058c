"""The client base in the global search of the top bar.

web/search.py finds this module by its name and calls `provider`; parties does not import
web (web > parties > core), so hits are plain dicts that web turns into its SearchHit.
"""

from django.db.models import prefetch_related_objects
from django.urls import NoReverseMatch, reverse

from comptoir.core.identifiers import format_phone
from comptoir.parties.choices import PartyKind
from comptoir.parties.queries.search import search_parties


def party_url(pk: int) -> str:
    try:
        return reverse("parties:detail", args=[pk])
    except NoReverseMatch:  # the client pages are not installed yet
        return f"/clients/{pk}/"


def _detail(party) -> str:
    """City and main number, what tells two "Martin" apart on the phone."""
    parts = []
    address = next(iter(party.addresses.all()), None)
    if address is not None:
        parts.append(address.city)
    phone = next(iter(party.phones.all()), None)
    if phone is not None:
        parts.append(format_phone(phone.number))
    return " · ".join(parts)


def provider(user, query: str, limit: int) -> list[dict]:
    parties = search_parties(user=user, query=query, limit=limit)
    # Ordered by the models' Meta: the main address and number first.
    prefetch_related_objects(parties, "addresses", "phones")
    return [
        {
            "kind": str(PartyKind(party.kind).label),
            "label": party.name,
            "detail": _detail(party),
            "url": party_url(party.pk),
            "icon": "building" if party.kind == PartyKind.ORGANISATION else "person-vcard",
        }
        for party in parties
    ]
