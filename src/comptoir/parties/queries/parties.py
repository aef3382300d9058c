"""Reads of organisations and people: the filtered lists with keyset pagination, exports,
the 360° record, the group tree of an organisation, saved filters."""

import base64
import datetime
import json
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date

from comptoir.core.queries import require
from comptoir.parties import search_index
from comptoir.parties.exceptions import CustomerUnavailable
from comptoir.parties.models import (
    Address,
    Affiliation,
    Email,
    Organisation,
    Party,
    Person,
    Phone,
    SavedFilter,
)
from comptoir.parties.normalize import fold
from comptoir.parties.quality import quality_filter

__all__ = [
    "LIST_FILTERS",
    "PAGE_SIZE",
    "ROLES",
    "SORTS",
    "GroupNode",
    "Page",
    "customer_choices",
    "customer_get",
    "organisation_group_tree",
    "party_export_list",
    "party_get",
    "party_list",
    "party_page",
    "saved_filter_list",
    "starts_with",
]

ROLES = ("prospect", "client", "former_client", "supplier", "partner", "competitor")
LIST_FILTERS = (
    "kind",
    "role",
    "owner",
    "tag",
    "city",
    "sector",
    "key_account",
    "last_interaction_before",
    "last_interaction_after",
    "created_after",
    "created_before",
    "q",
    "quality",
    "sort",
)
# Each sort is a keyset: the ordering, ending with the id so that it is total.
SORTS = {
    "name": ("name_folded", "id"),
    "-last_interaction_at": (F("last_interaction_at").desc(nulls_last=True), "-id"),
    "-created_at": ("-created_at", "-id"),
}
PAGE_SIZE = 50
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MICROSECOND = datetime.timedelta(microseconds=1)


def _date(value) -> datetime.date | None:
    try:
        return parse_date(str(value or "").strip())
    except ValueError:  # well-formed but impossible, such as 2026-02-31
        return None


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, timezone.get_current_timezone())


def party_list(*, user, filters: dict | None = None):
    """The parties this user may see, filtered as the list page's filter bar says.

    Values are strings as typed in the URL; a value that does not parse is ignored, so an
    old bookmark still shows something. Main channels and the owner come along, so a page of
    rows costs the same few queries whatever its length.
    """
    require(user, "parties.view_party")
    filters = filters or {}
    found = Party.objects.select_related("owner", "organisation", "person")
    kind = filters.get("kind")
    if kind in ("organisation", "person"):
        found = found.filter(kind=kind)
    if filters.get("role") in ROLES:
        found = found.filter(**{f"is_{filters['role']}": True})
    owner = str(filters.get("owner") or "")
    if owner == "me":
        found = found.filter(owner_id=user.pk)
    elif owner == "none":
        found = found.filter(owner__isnull=True)
    elif owner.isdigit():
        found = found.filter(owner_id=int(owner))
    if tag := str(filters.get("tag") or "").strip():
        found = found.filter(tags__name__iexact=tag)  # tag names are unique: no duplicates
    if city := fold(filters.get("city")):
        # "saint etienne" finds "Saint-Étienne": fold() keeps the hyphens people omit.
        spellings = {city, city.replace(" ", "-"), city.replace("-", " ")}
        match = Q()
        for spelling in spellings:
            match |= starts_with("city_folded", spelling)
        found = found.filter(pk__in=Address.objects.filter(match).values("party_id"))
    if sector := str(filters.get("sector") or "").strip():
        found = found.filter(organisation__sector__icontains=sector)
    if filters.get("key_account") in ("1", "0"):
        found = found.filter(is_key_account=filters["key_account"] == "1")
    if day := _date(filters.get("last_interaction_after")):
        found = found.filter(last_interaction_at__gte=_day_start(day))
    if day := _date(filters.get("last_interaction_before")):
        found = found.filter(last_interaction_at__lt=_day_start(day))
    if day := _date(filters.get("created_after")):
        found = found.filter(created_at__gte=_day_start(day))
    if day := _date(filters.get("created_before")):
        found = found.filter(created_at__lt=_day_start(day))
    if terms := search_index.query_terms(str(filters.get("q") or "")):
        # The search index, not LIKE '%word%' (a scan of every party): each word is a prefix
        # of a word of the name, e-mail, phone, identifier or city, and a phone number typed
        # with spaces one number, as in the top bar.
        found = found.filter(pk__in=search_index.matching_ids(terms))
    # The data-quality page links here: the list shows exactly what its count counted.
    if condition := quality_filter(str(filters.get("quality") or "")):
        found = found.filter(condition)
    found = found.prefetch_related(
        Prefetch(
            "addresses", queryset=Address.objects.filter(is_default=True), to_attr="main_address"
        ),
        Prefetch("phones", queryset=Phone.objects.filter(is_default=True), to_attr="main_phone"),
        Prefetch("emails", queryset=Email.objects.filter(is_default=True), to_attr="main_email"),
        "tags",
    )
    if kind == "person":
        found = found.prefetch_related(
            Prefetch(
                "person__affiliations",
                queryset=Affiliation.objects.select_related("organisation").order_by(
                    "-is_primary", "id"
                ),
            )
        )
    sort = filters.get("sort") if filters.get("sort") in SORTS else "name"
    return found.order_by(*_ordering(sort))


def _ordering(sort: str) -> tuple:
    # SQLite already puts NULLs last in a descending order, and walks the index for it only
    # when asked plainly; PostgreSQL needs NULLS LAST said (its index is declared so).
    if sort == "-last_interaction_at" and connection.vendor == "sqlite":
        return ("-last_interaction_at", "-id")
    return SORTS[sort]


def starts_with(field: str, prefix: str) -> Q:
    """`field` starts with `prefix`, as an index range. SQLite's LIKE is case-insensitive and
    so never uses a BINARY index; the folded columns are lower-case already, so the range
    [prefix, prefix with its last character incremented) is exact. PostgreSQL's LIKE 'x%'
    uses the column's varchar_pattern_ops index."""
    if connection.vendor == "sqlite":
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return Q(**{f"{field}__gte": prefix, f"{field}__lt": upper})
    return Q(**{f"{field}__startswith": prefix})


@dataclass
class Page:
    rows: list
    next_cursor: str | None
    is_first: bool


def _encode(value) -> object:
    if isinstance(value, datetime.datetime):
        return (value - _EPOCH) // _MICROSECOND
    return value


def _cursor(sort: str, row: Party) -> str:
    field = {"name": "name_folded", "-last_interaction_at": "last_interaction_at"}.get(
        sort, "created_at"
    )
    raw = json.dumps([_encode(getattr(row, field)), row.pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(text: str) -> tuple[object, int] | None:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        value, pk = json.loads(raw)
        return value, int(pk)
    except (ValueError, TypeError):
        return None


def _after(found, sort: str, cursor: str):
    """Rows after the cursor's (sort key, id): an index range, as fast on the last page as on
    the first, where OFFSET would read and drop every row before."""
    decoded = _decode(cursor)
    if decoded is None:
        return found
    value, pk = decoded
    try:
        if sort == "name":
            value = str(value)
            # The redundant bound lets the planner start the index range at the cursor.
            return found.filter(name_folded__gte=value).filter(
                Q(name_folded__gt=value) | Q(name_folded=value, id__gt=pk)
            )
        field = "last_interaction_at" if sort == "-last_interaction_at" else "created_at"
        if value is None:  # among the rows never contacted, listed last
            return found.filter(**{f"{field}__isnull": True, "id__lt": pk})
        moment = _EPOCH + int(value) * _MICROSECOND
    except (ValueError, TypeError, OverflowError):
        return found
    later = Q(**{f"{field}__lt": moment}) | Q(**{field: moment, "id__lt": pk})
    if sort == "-last_interaction_at":
        later |= Q(last_interaction_at__isnull=True)
        return found.filter(later)
    return found.filter(**{f"{field}__lte": moment}).filter(later)


def party_page(found, *, sort: str = "name", after: str = "", size: int = PAGE_SIZE) -> Page:
    """One page of `found` (a party_list), after the cursor of the previous page."""
    sort = sort if sort in SORTS else "name"
    if after:
        found = _after(found, sort, after)
    rows = list(found[: size + 1])
    next_cursor = _cursor(sort, rows[size - 1]) if len(rows) > size else None
    return Page(rows=rows[:size], next_cursor=next_cursor, is_first=not after)


def party_export_list(*, user, filters: dict):
    """Every row of the list as filtered, for the CSV and XLSX exports."""
    require(user, "parties.export_party")
    return party_list(user=user, filters=filters)


def party_get(*, user, pk: int) -> Party:
    """The organisation or the person behind a party, for its 360° page."""
    require(user, "parties.view_party")
    party = Party.objects.filter(pk=pk).only("kind").first()
    if party is None:
        raise Http404
    if party.kind == "organisation":
        return Organisation.objects.select_related("owner", "parent").get(pk=pk)
    return Person.objects.select_related("owner").get(pk=pk)


def customer_choices(*, user):
    """The parties this user may put on a sales document (quote, order, contract): those the
    client base shows them (`party_list`'s permission; it restricts no further today), less
    the erased ones, whose name and channels are gone. The one place to change when lists
    come to restrict what a person sees: the forms' choices and the API's lookups read it."""
    if user is None or not user.has_perm("parties.view_party"):
        return Party.objects.none()
    return Party.objects.filter(anonymised_at__isnull=True)


def customer_get(*, user, pk) -> Party:
    """One of `customer_choices`, or `CustomerUnavailable` (a 400 with its code in the API)."""
    party = customer_choices(user=user).filter(pk=pk).first() if pk is not None else None
    if party is None:
        raise CustomerUnavailable
    return party


@dataclass
class GroupNode:
    organisation: Organisation
    children: list["GroupNode"]


def organisation_group_tree(*, user, organisation: Organisation) -> GroupNode | None:
    """The group the organisation belongs to, from its top parent down to every subsidiary;
    None when it stands alone. One query per level, and a guard against loops in bad data."""
    require(user, "parties.view_party")
    root, seen = organisation, {organisation.pk}
    while root.parent_id and root.parent_id not in seen:
        seen.add(root.parent_id)
        parent = Organisation.objects.filter(pk=root.parent_id).first()
        if parent is None:
            break
        root = parent
    top = GroupNode(root, [])
    level, placed = [top], {root.pk}
    while level:
        by_pk = {node.organisation.pk: node for node in level}
        children = Organisation.objects.filter(parent_id__in=by_pk).exclude(pk__in=placed)
        level = []
        for child in children.order_by("name_folded", "id"):
            node = GroupNode(child, [])
            by_pk[child.parent_id].children.append(node)
            placed.add(child.pk)
            level.append(node)
    return top if top.children else None


def saved_filter_list(*, user, kind: str):
    """The user's saved filters of one list (organisations or people)."""
    require(user, "parties.view_party")
    return SavedFilter.objects.filter(user=user, query__contains=f"kind={kind}").order_by("name")
