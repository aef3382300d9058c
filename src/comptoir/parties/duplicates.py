"""Probable duplicates in the client base, each with a score and the reason it was found.

Two kinds of evidence:
- the same identifier: SIREN of an organisation, e-mail address or phone number (already
  normalised to lower case and E.164 when stored): certain, score 100;
- close names in the same city: names folded (accents, case) and stripped of legal forms
  ("Boulangerie Martin" and "BOULANGERIE MARTIN SARL"), compared with rapidfuzz's
  token-sort ratio inside blocks (same city, same first letter), so the scan stays near
  linear instead of comparing every party with every other.

Pairs are joined into groups (a union-find), so three records of one company make one group.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Count
from rapidfuzz import fuzz, process

from comptoir.parties.models import Address, Email, Organisation, Party, Phone
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


@dataclass(frozen=True)
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
            "evidence": [e.__dict__ for e in self.evidence],
        }


def comparable_name(name: str) -> str:
    words = [w for w in re.split(r"[^0-9a-z]+", fold(name)) if w and w not in NOISE_WORDS]
    return " ".join(words)


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
    sirens = (
        Organisation.objects.exclude(siren="")
        .values("siren")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("siren", flat=True)
    )
    yield from _same_value_pairs(
        Organisation.objects.filter(siren__in=list(sirens)).values_list("siren", "pk"), "siren"
    )
    emails = (
        Email.objects.values("address")
        .annotate(n=Count("party", distinct=True))
        .filter(n__gt=1)
        .values_list("address", flat=True)
    )
    yield from _same_value_pairs(
        Email.objects.filter(address__in=list(emails)).values_list("address", "party_id"),
        "email",
    )
    numbers = (
        Phone.objects.values("number")
        .annotate(n=Count("party", distinct=True))
        .filter(n__gt=1)
        .values_list("number", flat=True)
    )
    yield from _same_value_pairs(
        Phone.objects.filter(number__in=list(numbers)).values_list("number", "party_id"),
        "phone",
    )


def _blocks() -> dict[tuple[str, str, str], list[tuple[int, str]]]:
    """Parties by (kind, city, first letter of the comparable name)."""
    city_of: dict[int, str] = {}
    for party_id, city in Address.objects.order_by("-is_default", "id").values_list(
        "party_id", "city_folded"
    ):
        city_of.setdefault(party_id, city)
    blocks: dict[tuple[str, str, str], list[tuple[int, str]]] = defaultdict(list)
    rows = Party.objects.filter(anonymised_at__isnull=True).values_list("pk", "kind", "name")
    for party_id, kind, name in rows.iterator(chunk_size=5_000):
        comparable = comparable_name(name)
        if comparable and party_id in city_of:
            blocks[(kind, city_of[party_id], comparable[0])].append((party_id, comparable))
    return blocks


def _name_pairs() -> Iterator[tuple]:
    for members in _blocks().values():
        for start in range(0, len(members), BLOCK_LIMIT):
            chunk = members[start : start + BLOCK_LIMIT]
            if len(chunk) < 2:
                continue
            names = [name for _id, name in chunk]
            for i, name in enumerate(names[:-1]):
                later = names[i + 1 :]
                for _match, score, offset in process.extract(
                    name,
                    later,
                    scorer=fuzz.token_sort_ratio,
                    score_cutoff=NAME_THRESHOLD,
                    limit=None,
                ):
                    j = i + 1 + offset
                    yield (
                        chunk[i][0],
                        chunk[j][0],
                        Evidence("name", f"{name} ~ {names[j]}", int(score)),
                    )


def scan() -> list[DuplicateGroup]:
    """Every group of probable duplicates, the most certain first."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    evidence: dict[int, list[Evidence]] = defaultdict(list)
    pairs = [*_identifier_pairs(), *_name_pairs()]
    for a, b, _proof in pairs:
        parent[root(a)] = root(b)
    for a, _b, proof in pairs:
        evidence[root(a)].append(proof)
    members: dict[int, list[int]] = defaultdict(list)
    for party_id in parent:
        members[root(party_id)].append(party_id)
    groups = [
        DuplicateGroup(
            party_ids=sorted(ids),
            score=max(e.score for e in evidence[key]),
            evidence=evidence[key],
        )
        for key, ids in members.items()
        if len(ids) > 1
    ]
    return sorted(groups, key=lambda g: (-g.score, g.party_ids))
