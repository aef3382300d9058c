"""Writing imported rows (validated by parties.imports) into the client base.

Two modes, the user's choice: "keep-valid" writes the valid rows and returns the rejects;
"all-or-nothing" writes nothing when a single row is rejected. A row that matches an existing
party (parties.queries.find_matches: same SIREN, else e-mail, else phone) is never silently
duplicated: the user chose on the preview to complete that party ("update": fill the fields
it lacks, add the new channels; empty cells never erase what is known) or to skip the row.

Speed: a file of a million rows must import at 20,000 rows a second (bench/). Rows are
matched with the base first (a few indexed queries per chunk) and with each other in memory;
the new parties are then loaded, one row each, into a scratch table, from which one
statement per table writes their parties, organisations, people, e-mails, phones,
addresses, audit entries and search index rows (core.bulk.insert_select): Python binds one
row per party instead of seven. Only matched rows go through the ORM. The search index
triggers are paused meanwhile (parties.search_index.insert_documents_from writes the
documents). A first load — more new parties than the base holds, from FIRST_LOAD_FROM —
goes further: the tables' read-only indexes and PostgreSQL's foreign keys are dropped and
rebuilt from the finished tables (decision 36). A large import uses the other core too: a
forked helper makes the second half of the scratch rows (decision 88) and, on PostgreSQL,
a second connection makes the search documents while the tables are written (decision 89);
a large first load has its whole search index made aside and takes it in place of its
own (decision 90).
"""

from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial

from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from comptoir.core.audit import acting_as, record_bulk
from comptoir.core.bulk import (
    ScratchTable,
    analyze,
    batched,
    indexes_dropped,
    insert_select,
    load_cache,
    reserve_ids,
    table_rows,
)
from comptoir.core.collector import collector_paused
from comptoir.core.models import AuditEntry
from comptoir.core.queries import require
from comptoir.parties import search_index
from comptoir.parties.imports import SHARE_FROM, Row
from comptoir.parties.models import Address, Email, Organisation, Party, Person, Phone
from comptoir.parties.normalize import fold
from comptoir.parties.queries.matches import all_owners, find_matches, match_keys
from comptoir.parties.services.parties import person_name

__all__ = ["IMPORT_MODES", "ON_MATCH", "ImportResult", "import_files_purge", "import_rows"]

IMPORT_MODES = ("keep-valid", "all-or-nothing")
ON_MATCH = ("update", "skip")
ORGANISATION_FIELDS = ("trade_name", "siren", "siret", "vat_number", "sector", "naf_code")
# New parties loaded into the scratch table per statement and per progress step: on
# PostgreSQL each chunk's COPY waits for the server, and chunks of 2,000 cost a million-row
# load 12 s more than chunks of 20,000.
CHUNK_SIZE = 20_000
MATCH_CHUNK = 20_000
# From this many new parties, and more than the base holds, the load is a first load
# (a base moved from another system): indexes rebuilt after the data.
FIRST_LOAD_FROM = 100_000
ANALYZE_FROM = 20_000
WRITTEN = (Party, Organisation, Person, Email, Phone, Address)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    rejected: list[Row] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "rejected": len(self.rejected),
        }


def import_rows(
    *,
    by,
    rows: list[Row],
    mode: str = "keep-valid",
    on_match: str = "update",
    label: str = "",
    progress=None,
) -> ImportResult:
    """Write the valid rows; `progress(done, total)` is called after each chunk; `label`
    (the file's name) goes into the audit entry of each party created."""
    require(by, "parties.import_party")
    if mode not in IMPORT_MODES:
        raise ValueError(f"mode must be one of {IMPORT_MODES}")
    if on_match not in ON_MATCH:
        raise ValueError(f"on_match must be one of {ON_MATCH}")
    result = ImportResult(rejected=[row for row in rows if not row.valid])
    if result.rejected and mode == "all-or-nothing":
        return result
    valid = [row for row in rows if row.valid]
    report = progress or (lambda done, total: None)
    with transaction.atomic(), acting_as(by), collector_paused():
        larger_than_base = len(valid) >= FIRST_LOAD_FROM and len(valid) > table_rows(Party)
        fresh, matched = _sort_out(valid, base_in_memory=larger_than_base)
        first_load = larger_than_base and len(fresh) >= FIRST_LOAD_FROM
        # In name order, consecutive inserts land in neighbouring pages of the name indexes
        # (five of the party's eight) instead of all over them; and the rows themselves lie
        # in name order, so a list page (sorted by name) reads a few neighbouring pages of
        # the table rather than one page per row.
        names = [_party_name(row.values) for row in fresh]  # (name, folded)
        order = sorted(range(len(fresh)), key=lambda i: names[i][1])
        ids = [0] * len(fresh)  # ids[i]: fresh[i]'s party, ascending in the order written
        reserved = reserve_ids(Party, len(fresh), exclusive=first_load)
        for pk, i in zip(reserved, order, strict=True):
            ids[i] = pk
        # Loading the new parties into the scratch table, then writing the tables from it,
        # each weigh about a row each; building the indexes of a first load, a tenth.
        total = len(valid) + len(fresh) + (len(fresh) // 10 if first_load else 0)
        with load_cache() if first_load else nullcontext():
            _create(
                fresh,
                ids,
                names,
                order,
                label=label,
                first_load=first_load,
                progress=lambda done: report(done, total),
            )
            if len(fresh) >= ANALYZE_FROM:
                # Statistics for the list pages' plans (see core.bulk.analyze).
                analyze(*WRITTEN)
        result.created = len(fresh)
        for row, party_id, holder in matched:
            target = party_id if holder is None else ids[holder]
            if on_match == "skip":
                result.skipped += 1
                continue
            party = Party.objects.select_related("organisation").get(pk=target)
            _complete(party, row.values)
            _add_channels(party, row.values)  # the index triggers are back on by now
            result.updated += 1
        report(total, total)
    return result


def _sort_out(
    valid: list[Row], *, base_in_memory: bool
) -> tuple[list[Row], list[tuple[Row, int | None, int | None]]]:
    """(rows to create, [(row, party id, holder)]) where a matched row has the same SIREN,
    else e-mail, else phone as a party of the base (its id) or as an earlier row of the
    file (holder: that row's index in the rows to create). The base is asked through its
    indexes (parties.queries.find_matches), or read whole when the file is larger."""
    owners = all_owners() if base_in_memory else {}
    in_base: dict[int, int] = {}
    if not base_in_memory:
        for chunk in batched(valid, MATCH_CHUNK):
            found = find_matches(chunk)
            in_base.update({line: match.party_id for line, match in found.items()})
    fresh: list[Row] = []
    matched: list[tuple[Row, int | None, int | None]] = []
    holders: dict[tuple[str, str], int] = {}  # (reason, value) -> index in fresh
    # Plain loops rather than next() over a generator: a million rows each made two.
    for row in valid:
        keys = match_keys(row.values)  # most trusted first: SIREN, e-mail, phone
        party_id = holder = None
        if base_in_memory:
            for reason, value in keys:
                if (party_id := owners[reason].get(value)) is not None:
                    break
        else:
            party_id = in_base.get(row.line)
        if party_id is not None:
            matched.append((row, party_id, None))
            continue
        for key in keys:  # the same order of trust as against the base
            if (holder := holders.get(key)) is not None:
                break
        if holder is None:
            position = len(fresh)
            for key in keys:
                holders.setdefault(key, position)
            fresh.append(row)
        else:
            matched.append((row, None, holder))
    return fresh, matched


def _create(
    fresh: list[Row],
    ids: list[int],
    names: list[tuple[str, str]],
    order: list[int],
    *,
    label: str,
    first_load: bool,
    progress,
) -> None:
    """Write the new parties, in `order`; `progress(done)` after each step (the rows
    loaded into the scratch table, then each table written from it)."""
    if not fresh:
        return
    # From SHARE_FROM new parties, the other core helps: a forked process makes half the
    # scratch rows; then, while this connection writes the tables (and rebuilds their
    # indexes), the search documents are made by a second connection (PostgreSQL), or for
    # a first load the whole search index, by a second connection or a forked process.
    large = len(order) >= SHARE_FROM
    aside = large and first_load
    tables = [model._meta.db_table for model in WRITTEN] + ([] if aside else ["parties_search"])
    if first_load and len(fresh) > table_rows(AuditEntry):
        tables.append(AuditEntry._meta.db_table)
    new_parties = _NewParties()
    table = new_parties.table
    with search_index.paused(first_load=first_load), ExitStack() as index_made:
        index = None
        with indexes_dropped(tables) if first_load else nullcontext():
            done = 0

            def loaded(count: int) -> None:
                nonlocal done
                done += count
                progress(done)

            if large:
                half = len(order) // 2
                table.load_halves(
                    new_parties.chunks(fresh, ids, names, order[:half]),
                    new_parties.chunks(fresh, ids, names, order[half:]),
                    loaded,
                )
            else:
                table.load_chunks(new_parties.chunks(fresh, ids, names, order), loaded)
            if aside and (made := search_index.index_aside(table)):
                index = index_made.enter_context(made)
                documents = None  # taken from the helper below
            elif large and connection.vendor == "postgresql":
                documents = search_index.DocumentsAside(table.source).insert
            else:
                documents = partial(search_index.insert_documents_from, table.source)
            new_parties.write(
                label, lambda part: progress(done + int(len(fresh) * part)), documents
            )
        if index:
            index.take()
        table.drop()
    if first_load:
        search_index.optimize()


class _NewParties:
    """The new parties of an import go through a scratch table, one row per party loaded
    from Python; then their Party rows, Organisation or Person rows, e-mails, phones,
    addresses, audit entries and search index rows are each written from it by one
    statement that the database runs by itself (core.bulk.insert_select). The columns
    are named as the models' fields they go to."""

    COLUMNS = {
        "id": "bigint",
        "kind": "text",
        "name": "text",
        "name_folded": "text",
        "notes": "text",
        # An organisation's; NULL for a person, as the search documents expect.
        "legal_name": "text",
        **dict.fromkeys(ORGANISATION_FIELDS, "text"),
        "ice": "text",  # an import brings no ICE or RIDET
        "ridet": "text",
        "country": "text",
        "last_name": "text",  # a person's
        "first_name": "text",
        # The e-mail, phone and address, NULL (e-mail, phone, city) when the row has none.
        "email": "text",
        "phone": "text",
        "line1": "text",
        "line2": "text",
        "postal_code": "text",
        "city": "text",
        "city_folded": "text",
    }

    def __init__(self):
        self.table = ScratchTable("parties_import_new", self.COLUMNS)

    def chunks(self, fresh: list[Row], ids: list[int], names: list[tuple[str, str]], positions):
        """The scratch rows of fresh[i] for i in `positions`, CHUNK_SIZE at a time."""
        for part in batched(positions, CHUNK_SIZE):
            yield self.rows(
                [fresh[i] for i in part], [ids[i] for i in part], [names[i] for i in part]
            )

    def rows(self, rows: list[Row], ids: list[int], names: list[tuple[str, str]]) -> list[tuple]:
        staged = []
        for pk, row, (name, folded) in zip(ids, rows, names, strict=True):
            values = row.values
            if values["kind"] == "person":
                last, first = values["last_name"], values.get("first_name", "")
                organisation = (None,) * (len(ORGANISATION_FIELDS) + 1)
            else:
                last = first = None
                organisation = (values["name"], *(values.get(k, "") for k in ORGANISATION_FIELDS))
            city = values.get("city") or None
            staged.append(
                (
                    pk,
                    values["kind"],
                    name,
                    folded,
                    values.get("notes", ""),
                    *organisation,
                    None,
                    None,
                    values["country"],
                    last,
                    first,
                    values.get("email") or None,
                    values.get("phone") or None,
                    values.get("line1", ""),
                    values.get("line2", ""),
                    values.get("postal_code", ""),
                    city,
                    fold(city)[:100] if city else None,
                )
            )
        return staged

    def write(self, label: str, progress, documents) -> None:
        """Write the loaded parties into every table, then their search documents by
        calling `documents` (unless None); `progress(part)` after each statement, `part`
        going from 0 to 1."""
        source = self.table.source
        statements = [
            lambda: insert_select(
                Party,
                _same("id", "kind", "name", "name_folded", "notes"),
                source,
                values={"is_prospect": True},
            ),
            lambda: insert_select(
                Organisation,
                {"party_ptr_id": "id", **_same("legal_name", "country", *ORGANISATION_FIELDS)},
                f"{source} WHERE kind = 'organisation'",
            ),
            lambda: insert_select(
                Person,
                {"party_ptr_id": "id", **_same("last_name", "first_name")},
                f"{source} WHERE kind = 'person'",
            ),
            lambda: insert_select(
                Email,
                {"party_id": "id", "address": "email"},
                f"{source} WHERE email IS NOT NULL",
                values={"is_default": True},
            ),
            lambda: insert_select(
                Phone,
                {"party_id": "id", "number": "phone"},
                f"{source} WHERE phone IS NOT NULL",
                values={"is_default": True},
            ),
            lambda: insert_select(
                Address,
                {
                    "party_id": "id",
                    **_same("line1", "line2", "postal_code", "city", "city_folded", "country"),
                },
                f"{source} WHERE city IS NOT NULL",
            ),
            lambda: record_bulk(
                Party,
                source,
                pk="id",
                text="name",
                changes={"import": [None, label]} if label else {},
            ),
            *([documents] if documents else []),
        ]
        for step, statement in enumerate(statements, start=1):
            statement()
            progress(step / len(statements))


def _same(*names: str) -> dict[str, str]:
    """Columns of the scratch table copied as they are into the fields of the same name."""
    return {name: name for name in names}


def _party_name(values: dict) -> tuple[str, str]:
    """(name, folded name) of a new party: an organisation's trade name, else its legal
    name; a person's as the person's form gives it."""
    if values["kind"] == "person":
        name = person_name(values["last_name"], values.get("first_name", ""))
    else:
        name = (values.get("trade_name") or values["name"])[:200]
    return name, fold(name)[:200]


def _complete(party: Party, values: dict) -> None:
    """Fill what the party lacks; never overwrite what is known with a blank."""
    organisation = getattr(party, "organisation", None) if party.kind == "organisation" else None
    if organisation is None:
        return
    changed = [k for k in ORGANISATION_FIELDS if values.get(k) and not getattr(organisation, k)]
    for key in changed:
        setattr(organisation, key, values[key])
    if changed:
        organisation.save()


def _add_channels(party: Party, values: dict) -> None:
    if values.get("email") and not party.emails.filter(address=values["email"]).exists():
        Email.objects.create(
            party=party, address=values["email"], is_default=not party.emails.exists()
        )
    if values.get("phone") and not party.phones.filter(number=values["phone"]).exists():
        Phone.objects.create(
            party=party, number=values["phone"], is_default=not party.phones.exists()
        )
    if values.get("city") and not party.addresses.filter(city=values["city"]).exists():
        Address.objects.create(
            party=party,
            line1=values.get("line1", ""),
            line2=values.get("line2", ""),
            postal_code=values.get("postal_code", ""),
            city=values["city"],
            country=values["country"],
            is_default=not party.addresses.exists(),
        )


# An uploaded file waits in storage between the preview and the import, which deletes it.
# A preview nobody imported leaves its file behind: it holds personal data, so it goes
# after this long (a queued import is long done by then).
UPLOAD_KEPT_FOR = timedelta(days=2)
UPLOAD_FOLDER = "imports"


def import_files_purge(now=None) -> int:
    """Delete the uploaded files older than UPLOAD_KEPT_FOR; how many were deleted."""
    limit = (now or timezone.now()) - UPLOAD_KEPT_FOR
    try:
        _folders, files = default_storage.listdir(UPLOAD_FOLDER)
    except FileNotFoundError:
        return 0
    deleted = 0
    for name in files:
        path = f"{UPLOAD_FOLDER}/{name}"
        if default_storage.get_modified_time(path) < limit:
            default_storage.delete(path)
            deleted += 1
    return deleted
