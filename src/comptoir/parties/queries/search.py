"""Finding parties: by the caller id of an incoming call, and as you type in a search box.

The text index (`parties_search`, see parties/search_index.py) is kept by database triggers; on
SQLite it is an FTS5 table, on PostgreSQL a tsvector per party plus a trigram index on the
folded name, phones, SIRENs and SIRETs being found there through their own B-tree indexes.
Exact matches on an identifier (SIREN, SIRET, e-mail, phone) come first, then the text
matches by relevance.
"""

import re
import time

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Prefetch

from comptoir.core.identifiers import validate_phone
from comptoir.core.models import Company
from comptoir.core.queries import require
from comptoir.parties import search_index
from comptoir.parties.models import Address, Email, Organisation, Party, Phone
from comptoir.parties.normalize import fold
from comptoir.parties.queries.parties import starts_with

__all__ = [
    "default_region",
    "find_by_phone",
    "find_by_phone_for",
    "normalize_phone",
    "party_suggestions",
    "search_parties",
]


# The company's country, read at most once a minute per process: the screen-pop of every
# national caller id needs it, and a company does not move country between two calls.
_region_cache: dict[str, tuple[float, str]] = {}
REGION_TTL_S = 60.0


def default_region() -> str:
    now = time.monotonic()
    cached = _region_cache.get("region")
    if cached and cached[0] > now:
        return cached[1]
    region = Company.current_country()
    _region_cache["region"] = (now + REGION_TTL_S, region)
    return region


def forget_default_region(**_signal) -> None:
    _region_cache.clear()


def normalize_phone(any_format: str, *, region: str | None = None) -> str:
    """E.164 of a typed number or a caller id; ValidationError when it is not a number.

    "04 78 95 02 13", "04.78.95.02.13", "+33 4 78 95 02 13", "0033 4 78 95 02 13" and
    "+33 (0)4 78…" all give +33478950213. A national number without its leading 0
    ("4 78 95 02 13", as some trunks send caller ids) is accepted too: phonenumbers takes it
    for the national significant number, which in France has 9 digits where a number with
    its 0 has 10, so the two readings never collide there; a number of the wrong length is
    refused. The company's country (or FR) is the region of numbers without a country
    code; it is read only for those, so an international caller id costs no extra query.
    """
    value = (any_format or "").strip()
    if value.startswith("00"):
        value = "+" + value[2:]
    if not value.startswith("+") and region is None:
        region = default_region()
    return validate_phone(value, region=region or "FR")


def find_by_phone(any_format: str, *, region: str | None = None) -> list[Party]:
    """The parties (people and organisations) having this number: the screen-pop of an
    incoming call. One indexed equality query on Phone.number; no permission filter, as the
    telephony integration calls it (users go through find_by_phone_for)."""
    try:
        number = normalize_phone(any_format, region=region)
    except ValidationError:
        return []
    return _parties_with_number(number)


# The screen-pop must answer within 2 ms at a million parties: one statement on the indexed
# number, written out rather than compiled by the ORM (whose compiling alone cost a
# millisecond), the number bound as a parameter. DISTINCT: a party may carry the same number
# twice (office and switchboard). What else a screen shows (a person's organisations, the
# account manager) it loads itself.
PARTIES_WITH_NUMBER = (
    "SELECT DISTINCT p.* FROM parties_party p "
    "JOIN parties_phone ph ON ph.party_id = p.id "
    "WHERE ph.number = %s ORDER BY p.name_folded, p.id"
)


def _parties_with_number(number: str) -> list[Party]:
    return list(Party.objects.raw(PARTIES_WITH_NUMBER, [number]))


def find_by_phone_for(*, user, number: str, region: str | None = None) -> list[Party]:
    """find_by_phone for a person: needs parties.view_party; raises ValidationError when the
    number cannot be read, so that the caller can say so."""
    require(user, "parties.view_party")
    return _parties_with_number(normalize_phone(number, region=region))


# --- Search as you type -------------------------------------------------------------------


def _exact_matches(query: str) -> list[int]:
    """Ids of parties whose e-mail, SIREN, SIRET or phone is exactly the query."""
    ids: list[int] = []
    text = query.strip()
    if "@" in text:
        ids += Email.objects.filter(address=text.lower()).values_list("party_id", flat=True)
    elif search_index.NUMBER_LIKE.match(text):
        digits = re.sub(r"\D", "", text)
        if len(digits) == 9:
            ids += Organisation.objects.filter(siren=digits).values_list("pk", flat=True)
        elif len(digits) == 14:
            ids += Organisation.objects.filter(siret=digits).values_list("pk", flat=True)
        if len(digits) >= 6:
            try:
                number = normalize_phone(text)
            except ValidationError:
                number = None
            if number:
                ids += Phone.objects.filter(number=number).values_list("party_id", flat=True)
    return ids


def _sqlite_matches(terms: list[str], limit: int) -> list[int]:
    # Each term quoted (FTS5 syntax characters in it are then plain text) and a prefix
    # ("vercor" finds "Vercors"); the expression itself is a parameter.
    expression = " ".join('"{}"*'.format(term.replace('"', '""')) for term in terms)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM parties_search WHERE parties_search MATCH %s "
            # Column weights: names, identifiers, e-mails and phones, places.
            "ORDER BY bm25(parties_search, 10.0, 5.0, 5.0, 2.0), rowid LIMIT %s",
            [expression, limit],
        )
        return [row[0] for row in cursor.fetchall()]


# PostgreSQL ranks every match it is given: a common prefix ("mar", "lyon") matches tens of
# thousands of parties at a million, and reading and ranking all their documents took
# 300 ms. The ranking reads at most this many matches (taken in index order); typing one
# more letter narrows the set below it. SQLite's bm25 over FTS5 ranks all matches in time.
PG_RANK_WINDOW = 500


def _postgresql_matches(terms: list[str], limit: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(*search_index.pg_search(terms, window=PG_RANK_WINDOW, limit=limit))
        ids = [row[0] for row in cursor.fetchall()]
        if len(ids) < limit:
            # Few or no word matches: maybe a typo ("vercord"); the trigram index finds
            # names that look alike. Only then, as it is the costly half.
            folded = " ".join(terms)
            cursor.execute(
                "SELECT party_id FROM parties_search WHERE name_folded %% %s "
                "ORDER BY similarity(name_folded, %s) DESC, party_id LIMIT %s",
                [folded, folded, limit],
            )
            ids += [row[0] for row in cursor.fetchall() if row[0] not in ids]
        return ids


def search_parties(*, user, query: str, limit: int = 10) -> list[Party]:
    """Parties matching what was typed, best first: name, trade or legal name, e-mail, phone
    in any format, SIREN/SIRET, city or postal code; accents and case ignored; the last word
    may be unfinished. Users without parties.view_party get nothing."""
    if user is None or not user.has_perm("parties.view_party"):
        return []
    query = (query or "").strip()[:200]
    terms = search_index.query_terms(query)
    if not terms:
        return []
    ids = _exact_matches(query)
    if connection.vendor == "postgresql":
        ids += _postgresql_matches(terms, limit)
    else:
        ids += _sqlite_matches(terms, limit)
    ordered = list(dict.fromkeys(ids))[:limit]
    found = Party.objects.select_related("organisation", "person").in_bulk(ordered)
    return [found[pk] for pk in ordered if pk in found]


# --- Search pickers (parties/forms/widgets.py) ---------------------------------------------

SUGGESTIONS = 10


def party_suggestions(*, user, text: str, kind: str = "", exclude: int | None = None) -> list:
    """Up to ten parties for a search picker, each with its main address prefetched as
    `main`: names that start with what was typed first (the index, in name order), then the
    search box's matches (a word of the name, a SIREN, a phone…) from three letters on."""
    require(user, "parties.view_party")
    folded = fold(text)[:200]
    if not folded:
        return []
    found = Party.objects.filter(anonymised_at__isnull=True).filter(
        starts_with("name_folded", folded)
    )
    if kind:
        found = found.filter(kind=kind)
    if exclude:
        found = found.exclude(pk=exclude)
    ids = list(found.order_by("name_folded", "id").values_list("pk", flat=True)[:SUGGESTIONS])
    if len(ids) < SUGGESTIONS and len(folded) >= 3:
        for party in search_parties(user=user, query=text, limit=5 * SUGGESTIONS):
            if (not kind or party.kind == kind) and party.pk != exclude and party.pk not in ids:
                ids.append(party.pk)
    parties = Party.objects.select_related("organisation").prefetch_related(
        Prefetch("addresses", queryset=Address.objects.filter(is_default=True), to_attr="main")
    )
    loaded = parties.in_bulk(ids[:SUGGESTIONS])
    return [loaded[pk] for pk in ids[:SUGGESTIONS] if pk in loaded]
