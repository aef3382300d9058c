"""Which rows of an import are parties already in the base: the same SIREN, else the same
e-mail, else the same phone (all stored normalised, so the comparison is exact)."""

from dataclasses import dataclass

from django.db import connection

from comptoir.core.bulk import batched
from comptoir.parties.imports import Row
from comptoir.parties.models import Party

__all__ = ["MATCH_REASONS", "Match", "all_owners", "find_matches", "match_keys"]

# In the order of trust: a SIREN names one company; an e-mail or a phone may be shared.
MATCH_REASONS = ("siren", "email", "phone")
LOOKUP_BATCH = 5_000  # values per query: under SQLite's limit of 32,766 bound parameters


@dataclass(frozen=True)
class Match:
    party_id: int
    party_name: str
    reason: str  # one of MATCH_REASONS


def match_keys(values: dict) -> list[tuple[str, str]]:
    """(reason, value) pairs that identify the row, most trusted first."""
    return [(reason, values[reason]) for reason in MATCH_REASONS if values.get(reason)]


# (table, column compared, party id column) per reason; names, not input.
LOOKUPS = {
    "siren": ("parties_organisation", "siren", "party_ptr_id"),
    "email": ("parties_email", "address", "party_id"),
    "phone": ("parties_phone", "number", "party_id"),
}


def _owners(reason: str, wanted: set[str]) -> dict[str, int]:
    """{value: id of the oldest party having it}. Through the cursor: the ORM spent longer
    preparing a thousand IN parameters than the database spent finding them. PostgreSQL
    gets one array parameter; SQLite one placeholder per value."""
    table, column, owner = LOOKUPS[reason]
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        for batch in batched(sorted(wanted), LOOKUP_BATCH):
            if connection.vendor == "postgresql":
                condition, params = f"{column} = ANY(%s)", [list(batch)]
            else:
                condition, params = f"{column} IN ({', '.join(['%s'] * len(batch))})", batch
            cursor.execute(
                f"SELECT {column}, {owner} FROM {table} WHERE {condition} "  # noqa: S608
                f"ORDER BY {owner}",
                params,
            )
            for value, party_id in cursor.fetchall():
                found.setdefault(value, party_id)  # the oldest record wins
    return found


def find_matches(rows: list[Row]) -> dict[int, Match]:
    """{row.line: Match} for the valid rows that designate an existing party; a handful of
    indexed IN queries per thousand rows, whatever the size of the base."""
    valid = [row for row in rows if row.valid]
    owners = {
        reason: _owners(reason, {row.values[reason] for row in valid if row.values.get(reason)})
        for reason in MATCH_REASONS
    }
    found: dict[int, tuple[int, str]] = {}
    for row in valid:
        for reason, value in match_keys(row.values):
            if value in owners[reason]:
                found[row.line] = (owners[reason][value], reason)
                break
    names: dict[int, str] = {}
    for batch in batched(sorted({pk for pk, _ in found.values()}), LOOKUP_BATCH):
        names.update(Party.objects.filter(pk__in=batch).values_list("pk", "name"))
    return {
        line: Match(party_id=pk, party_name=names.get(pk, ""), reason=reason)
        for line, (pk, reason) in found.items()
    }


def all_owners() -> dict[str, dict[str, int]]:
    """{reason: {value: id of the oldest party having it}} for the whole base: three scans,
    cheaper than looking a million values up when the file is larger than the base."""
    found: dict[str, dict[str, int]] = {}
    with connection.cursor() as cursor:
        for reason, (table, column, owner) in LOOKUPS.items():
            cursor.execute(
                f"SELECT {column}, {owner} FROM {table} WHERE {column} <> '' "  # noqa: S608
                f"ORDER BY {owner} DESC"
            )
            # Newest first, so that the oldest party having a value is the one kept.
            found[reason] = dict(cursor.fetchall())
    return found
