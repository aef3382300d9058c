"""Reads of the stored duplicate scan (parties.models.DuplicateScan): its date and count for
the data-quality page, one page of its groups with their records for the review screen.

A million-party base can have a hundred thousand groups, a JSON list of megabytes: a page
reads only its own twenty groups out of it, in the database (json_each on SQLite, a jsonpath
slice on PostgreSQL), and the quality page never reads the list at all.
"""

import json
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connection

from comptoir.core.queries import require
from comptoir.parties.models import DuplicateScan, Party

__all__ = [
    "GROUPS_PER_PAGE",
    "DuplicateGroupRow",
    "duplicate_group_page",
    "latest_duplicate_scan",
]

GROUPS_PER_PAGE = 20


def latest_duplicate_scan(*, user=None) -> DuplicateScan | None:
    """The latest finished scan, without its groups (see duplicate_group_page), or None.
    With a user, only for those who may see the client base."""
    if user is not None:
        require(user, "parties.view_party")
    return DuplicateScan.objects.filter(finished_at__isnull=False).defer("groups").first()


@dataclass
class DuplicateGroupRow:
    """A stored group as the review screen shows it: its records still in the base."""

    index: int  # position in the stored list
    party_ids: list[int]
    score: int
    reasons: list[str]
    members: list[Party] = field(default_factory=list)


def _loads(value):
    return json.loads(value) if isinstance(value, str | bytes) else value


def _groups_slice(scan: DuplicateScan, start: int, stop: int) -> list[dict]:
    if stop <= start:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # json_each walks the array in order; LIMIT/OFFSET keep twenty of its elements.
            cursor.execute(
                "SELECT value FROM parties_duplicatescan, json_each(parties_duplicatescan.groups)"
                " WHERE parties_duplicatescan.id = %s LIMIT %s OFFSET %s",
                [scan.pk, stop - start, start],
            )
            return [_loads(row[0]) for row in cursor.fetchall()]
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT jsonb_path_query_array(groups, %s::jsonpath)"
                " FROM parties_duplicatescan WHERE id = %s",
                [f"$[{int(start)} to {int(stop) - 1}]", scan.pk],
            )
            row = cursor.fetchone()
            return _loads(row[0]) if row else []
    groups = DuplicateScan.objects.values_list("groups", flat=True).get(pk=scan.pk)
    return groups[start:stop]


class _StoredGroups:
    """The stored groups as a sequence the paginator can slice without loading them all."""

    def __init__(self, scan: DuplicateScan):
        self.scan = scan

    def count(self) -> int:
        return self.scan.group_count

    def __len__(self) -> int:
        return self.scan.group_count

    def __getitem__(self, bounds: slice) -> list[DuplicateGroupRow]:
        start = bounds.start or 0
        groups = _groups_slice(self.scan, start, bounds.stop)
        return [
            DuplicateGroupRow(
                index=start + offset,
                party_ids=group["party_ids"],
                score=group["score"],
                reasons=group.get("reasons", []),
            )
            for offset, group in enumerate(groups)
        ]


def duplicate_group_page(
    *, user, scan: DuplicateScan, number=1, per_page: int = GROUPS_PER_PAGE
) -> Page:
    """One page of the scan's groups, each with its records in one query for the page.

    Records merged or deleted since the scan are left out, and a group with fewer than two
    records left is not shown: a page may then hold fewer groups than `per_page`."""
    require(user, "parties.merge_party")
    page = Paginator(_StoredGroups(scan), per_page).get_page(number)
    rows = list(page.object_list)
    wanted = {pk for row in rows for pk in row.party_ids}
    found = Party.objects.filter(pk__in=wanted, anonymised_at__isnull=True).in_bulk()
    for row in rows:
        row.members = [found[pk] for pk in row.party_ids if pk in found]
    page.object_list = [row for row in rows if len(row.members) > 1]
    return page
