"""The stored duplicate scan: run by the worker (every night, and when someone asks from the
review screen), read by the review screen and the data-quality page. A merge from the review
screen takes the merged records out of the stored groups at once."""

from django.db import transaction
from django.utils import timezone

from comptoir.parties.duplicates import DuplicateGroup, Progress, scan
from comptoir.parties.models import DuplicateScan, Party
from comptoir.parties.services.merge import parties_merge

__all__ = ["KEEP_SCANS", "duplicates_merge", "duplicates_scan_store"]

KEEP_SCANS = 5  # the latest scans kept; older ones are deleted when a new one is stored


def _stored(group: DuplicateGroup) -> dict:
    # The evidence values (names, e-mails) stay out: the screen shows the records themselves,
    # and a million-party base can have a hundred thousand groups to store.
    return {
        "party_ids": group.party_ids,
        "score": group.score,
        "reasons": sorted({e.reason for e in group.evidence}),
    }


def duplicates_scan_store(progress: Progress | None = None) -> DuplicateScan:
    """Scan the whole client base and store the result; returns the stored scan, with the
    groups and their evidence as found in `.found` (for the command line).

    The scan itself reads without a transaction: minutes of SQLite's write lock would stop
    every user; only storing the result is a (short) write."""
    started_at = timezone.now()
    party_count = Party.objects.filter(anonymised_at__isnull=True).count()
    groups = scan(progress=progress)
    with transaction.atomic():
        stored = DuplicateScan.objects.create(
            started_at=started_at,
            finished_at=timezone.now(),
            party_count=party_count,
            group_count=len(groups),
            groups=[_stored(group) for group in groups],
        )
        older = list(DuplicateScan.objects.values_list("pk", flat=True)[KEEP_SCANS:])
        DuplicateScan.objects.filter(pk__in=older).delete()
    stored.found = groups
    return stored


def _forget(party_ids: set[int]) -> None:
    """Take merged (deleted) records out of the latest stored scan; a group left with fewer
    than two records goes. The row is locked, so two merges at once both count."""
    latest = DuplicateScan.objects.select_for_update().filter(finished_at__isnull=False).first()
    if latest is None:
        return
    groups, changed = [], False
    for group in latest.groups:
        remaining = [pk for pk in group["party_ids"] if pk not in party_ids]
        if len(remaining) == len(group["party_ids"]):
            groups.append(group)
            continue
        changed = True
        if len(remaining) > 1:
            groups.append({**group, "party_ids": remaining})
    if changed:
        latest.groups = groups
        latest.group_count = len(groups)
        latest.save(update_fields=["groups", "group_count"])


@transaction.atomic
def duplicates_merge(*, by, keep: Party, others: list[Party]) -> Party:
    """parties_merge from the review screen: the merged records leave the stored scan too."""
    # Taken before: deleting a record sets its pk to None.
    merged = {other.pk for other in others if other.pk != keep.pk}
    kept = parties_merge(by=by, keep=keep, others=others)
    _forget(merged)
    return kept
