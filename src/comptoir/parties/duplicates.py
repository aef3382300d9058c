"""Probable duplicates in the client base, each with a score and the reason it was found.

Two kinds of evidence:
- the same identifier: SIREN of an organisation, e-mail address or phone number (already
  normalised to lower case and E.164 when stored): certain, score 100;
- close names in the same city: names folded (accents, case) and stripped of legal forms
  ("Boulangerie Martin" and "BOULANGERIE MARTIN SARL"), compared with rapidfuzz's
  token-sort ratio inside blocks (same city, same first letter), so the scan stays near
  linear instead of comparing every party with every other.

Pairs are joined into groups (a union-find), so three records of one company make one group.

At a million parties the scan streams plain rows (`values_list(...).iterator()`), never model
instances: identifiers are grouped by the database, names arrive sorted by city so that only
one city's blocks are in memory at a time. Inside a block, names are sorted by length: two
names whose lengths differ by more than a ratio of 90 allows are never compared. The scan is
long (minutes at a million): it runs in the worker (parties.tasks.duplicates_scan) and its
result is stored (parties.services.duplicates_scan_store), never run on a page view.
"""

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import chain, groupby
from operator import itemgetter

from django.db.models import Count
from rapidfuzz import fuzz, process

from comptoir.parties.models import Address, Email, Organisation, Phone
from comptoir.parties.normalize import fold

# Legal forms and words that say nothing about who a party is.
NOISE_WORDS = frozenset(
    [
        "sarl",
        "sas",
        "sasu",
        "sa",
        "eurl",
        "sci",
        "snc",
        "scop",
        "earl",
        "selarl",
        "sarlau",
        "ei",
        "eirl",
        "ste",
        "societe",
        "cie",
        "et",
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "l",
        "d",
    ]
)
NAME_THRESHOLD = 90  # token-sort ratio from which two names in one city are one party
BLOCK_LIMIT = 2_000  # a block larger than this (a generic name in a big city) is split
# Indel similarity is 2·matches / (len a + len b): from a threshold of 90, the shorter name is
# at least 90/110 of the longer one, so longer names need not be compared at all.
LENGTH_RATIO = NAME_THRESHOLD / (200 - NAME_THRESHOLD)
CHUNK_SIZE = 10_000  # rows fetched per round trip while streaming

Progress = Callable[[int, int], object]


@dataclass(frozen=True, slots=True)
class Evidence:
    reason: str  # "siren", "email", "phone", "name"
    value: str
    score: int


@dataclass
class DuplicateGroup:
    party_ids: list[int]
    score: int
    evidence: list[Evidence] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "party_ids": self.party_ids,
            "score": self.score,
            "reasons": sorted({e.reason for e in self.evidence}),
            "evidence": [asdict(e) for e in self.evidence],
        }


def comparable_name(name: str) -> str:
    return _comparable_folded(fold(name))


_WORD_SPLIT = re.compile(r"[^0-9a-z]+")


def _comparable_folded(folded: str) -> str:
    """comparable_name() of a name already folded (Party.name_folded)."""
    return " ".join(w for w in _WORD_SPLIT.split(folded) if w and w not in NOISE_WORDS)


def _same_value_pairs(rows: Iterable[tuple[str, int]], reason: str) -> Iterator[tuple]:
    """(value, party id) rows -> pairs of different parties sharing a value."""
    by_value: dict[str, set[int]] = defaultdict(set)
    for value, party_id in rows:
        by_value[value].add(party_id)
    for value, ids in by_value.items():
        ordered = sorted(ids)
        for other in ordered[1:]:
            yield ordered[0], other, Evidence(reason, value, 100)


def _identifier_pairs() -> Iterator[tuple]:
    # The shared values are found by the database (GROUP BY … HAVING) and given back as a
    # subquery: a list of them could outgrow PostgreSQL's 65,535 parameters.
    sirens = (
        Organisation.objects.exclude(siren="")
        .values("siren")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values("siren")
    )
    yield from _same_value_pairs(
        Organisation.objects.filter(siren__in=sirens)
        .values_list("siren", "pk")
        .iterator(chunk_size=CHUNK_SIZE),
        "siren",
    )
    for model, column, reason in ((Email, "address", "email"), (Phone, "number", "phone")):
        shared = (
            model.objects.values(column)
            .annotate(n=Count("party", distinct=True))
            .filter(n__gt=1)
            .values(column)
        )
        yield from _same_value_pairs(
            model.objects.filter(**{f"{column}__in": shared})
            .values_list(column, "party_id")
            .iterator(chunk_size=CHUNK_SIZE),
            reason,
        )


def _named_rows() -> Iterator[tuple[str, int, str, str]]:
    """(city, party id, kind, folded name) for each address of a party not anonymised,
    sorted by city: one pass over an index, one city at a time in memory."""
    return (
        Address.objects.filter(party__anonymised_at__isnull=True)
        .exclude(city_folded="")
        .order_by("city_folded")
        .values_list("city_folded", "party_id", "party__kind", "party__name_folded")
        .iterator(chunk_size=CHUNK_SIZE)
    )


def _city_blocks(rows: Iterable[tuple]) -> Iterator[list[tuple[int, str]]]:
    """The parties of one city, by kind and first letter of their sorted comparable name
    (token sort: "Martin Boulangerie" and "Boulangerie Martin" land in one block); a party
    with two addresses in the city counts once."""
    blocks: dict[tuple[str, str], dict[int, str]] = defaultdict(dict)
    for _city, party_id, kind, name_folded in rows:
        words = sorted(_comparable_folded(name_folded).split())
        if words:
            blocks[(kind, words[0][0])][party_id] = " ".join(words)
    for members in blocks.values():
        if len(members) > 1:
            yield list(members.items())


def _block_pairs(members: list[tuple[int, str]]) -> Iterator[tuple]:
    # Alphabetical order first, so that a block split at BLOCK_LIMIT keeps close names
    # together; then by length inside each chunk, for the length window.
    members.sort(key=itemgetter(1))
    for start in range(0, len(members), BLOCK_LIMIT):
        chunk = sorted(members[start : start + BLOCK_LIMIT], key=lambda m: len(m[1]))
        if len(chunk) < 2:
            continue
        names = [name for _id, name in chunk]
        lengths = [len(name) for name in names]
        for i, name in enumerate(names[:-1]):
            stop = bisect_right(lengths, int(lengths[i] / LENGTH_RATIO), lo=i + 1)
            if stop <= i + 1:
                continue
            for _match, score, offset in process.extract(
                name,
                names[i + 1 : stop],
                scorer=fuzz.ratio,  # token-sort ratio: the words are sorted already
                score_cutoff=NAME_THRESHOLD,
                limit=None,
            ):
                j = i + 1 + offset
                yield (
                    chunk[i][0],
                    chunk[j][0],
                    Evidence("name", f"{name} ~ {names[j]}", int(score)),
                )


def _name_pairs(progress: Progress | None = None, total: int = 0) -> Iterator[tuple]:
    done = 0
    for _city, rows in groupby(_named_rows(), key=itemgetter(0)):
        rows = list(rows)
        for members in _city_blocks(rows):
            yield from _block_pairs(members)
        done += len(rows)
        if progress:
            progress(min(done, total), total)


def scan(progress: Progress | None = None) -> list[DuplicateGroup]:
    """Every group of probable duplicates, the most certain first.

    `progress(done, total)` is called as the scan goes, city after city (done and total are
    addresses compared; identifiers are grouped by the database before)."""
    total = 0
    if progress:
        total = Address.objects.filter(party__anonymised_at__isnull=True).count()
        progress(0, total)
    parent: dict[int, int] = {}
    # Per group (its root): the evidence kept, and the reasons and best score it holds. In a
    # big city ten records of "MARTIN Jean" make 45 pairs: a pair inside a group already
    # joined is kept only if it brings a new reason or a better score.
    evidence: dict[int, list[Evidence]] = {}
    reasons: dict[int, set[str]] = {}
    best: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, proof in chain(_identifier_pairs(), _name_pairs(progress, total)):
        ra, rb = root(a), root(b)
        if ra != rb:
            if len(evidence.get(ra, ())) > len(evidence.get(rb, ())):
                ra, rb = rb, ra  # the smaller group's lists move into the larger one's
            parent[ra] = rb
            evidence.setdefault(rb, []).extend(evidence.pop(ra, []))
            reasons.setdefault(rb, set()).update(reasons.pop(ra, set()))
            best[rb] = max(best.get(rb, 0), best.pop(ra, 0))
        elif proof.reason in reasons[rb] and proof.score <= best[rb]:
            continue
        evidence[rb].append(proof)
        reasons[rb].add(proof.reason)
        best[rb] = max(best[rb], proof.score)
    members: dict[int, list[int]] = defaultdict(list)
    for party_id in parent:
        members[root(party_id)].append(party_id)
    groups = [
        DuplicateGroup(
            party_ids=sorted(ids),
            score=best[key],
            evidence=evidence[key],
        )
        for key, ids in members.items()
        if len(ids) > 1
    ]
    if progress:
        progress(total, total)
    return sorted(groups, key=lambda g: (-g.score, g.party_ids))
