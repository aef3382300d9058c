"""The search index of the client base, kept up to date by the database itself.

One row per party in a table `parties_search`, whatever wrote the party (a form, an import,
a merge, raw SQL): triggers on the party, its organisation or person row, its e-mails, phones
and addresses rebuild that party's row. The query side is parties/queries/search.py.

SQLite: an FTS5 table (rowid = party id) with the unicode61 tokenizer, which ignores case and
accents. It keeps its own copy of the text rather than being contentless (deleting from a
contentless table needs SQLite 3.43, Debian 12 ships 3.40) or external-content (a delete must
repeat the exact old text, which triggers spread over six tables cannot promise; a mismatch
corrupts the index silently). The copy is a few hundred bytes per party. No prefix indexes
(FTS5's `prefix` option): a search reads every word with the prefix typed from the main
index, as fast as from a prefix index at a million parties once its segments are merged, and
each prefix length indexed would make every write a third dearer (decision 82).

PostgreSQL: pg_trgm and unaccent (contrib, available on every managed service), a
weighted tsvector per party in `parties_search`, indexed with GIN, and beside it the party's
folded name with a GIN trigram index, for fuzzy names. Phones, SIRENs and SIRETs are left to
their B-tree indexes (pg_matches). No foreign key to parties_party, so that TRUNCATE
(test flushes) still works; the party's delete trigger removes the row.

Careful: on SQLite, Django alters a table by copying it to a new one, which drops its
triggers. A later migration that alters parties_party, parties_organisation, parties_person,
parties_email, parties_phone or parties_address must run `install` from this module again
(tests/parties/test_search.py checks that the triggers exist).

Bulk writes (the import of a million rows) pause the triggers for their transaction and
write the new parties' rows themselves (`insert_documents_from`, one statement over the
import's scratch table): SQLite drops and recreates its triggers inside the transaction (DDL
is transactional there and the transaction holds the only write lock, so no other
connection ever sees them missing); PostgreSQL's trigger function returns early while the
transaction-local setting `comptoir.search_index_paused` is on, with no lock taken. A large
first load goes further: the whole index is made on the other core and taken in place of
the connection's (`index_aside`, decision 90).
"""

import logging
import os
import re
import tempfile
import threading
from contextlib import ExitStack, contextmanager

import psycopg
from django.db import connection
from django.db.models.expressions import RawSQL

from comptoir.core.bulk import (
    BTREE_BUILD_MEMORY,
    GIN_BUILD_MEMORY,
    attach_helper,
    copy_file_in,
    copy_file_out,
    helper_attached,
    helper_folder,
    scratch_database,
)
from comptoir.core.forked import Forked
from comptoir.parties.normalize import fold

logger = logging.getLogger(__name__)

# National digits of a phone stored in E.164, so that "04 78 95…" finds "+33478950213".
# Where the national format starts with a trunk 0 (France and its overseas departments,
# Belgium, Switzerland, Morocco), put it back; elsewhere (New Caledonia, French Polynesia,
# Senegal, Côte d'Ivoire) the national number is what follows the country code.
TRUNK_ZERO_CODES = ("+33", "+32", "+41", "+212", "+262", "+590", "+594", "+596")
NO_TRUNK_CODES = ("+687", "+689", "+221", "+225")


def _national_digits(number: str) -> str:
    """SQL: the national digits of a number in E.164 ('' for other countries)."""
    cases = []
    for codes, trunk in ((TRUNK_ZERO_CODES, "'0' || "), (NO_TRUNK_CODES, "")):
        for size in sorted({len(code) for code in codes}):
            sized = " OR ".join(f"{number} LIKE '{code}%'" for code in codes if len(code) == size)
            cases.append(f"WHEN {sized} THEN {trunk}substr({number}, {size + 1})")
    return f"CASE {' '.join(cases)} ELSE '' END"


def phone_digits(number: str) -> str:
    """SQL: the words a phone stored in E.164 is found by, international and national."""
    return f"substr({number}, 2) || ' ' || " + _national_digits(number)


def phone_patterns(digits: str) -> list[str]:
    """LIKE patterns of the numbers in E.164 whose words (phone_digits) start with these
    digits: "0478" gives "+0478%", "+33478%", "+32478%"…, "+6870478%"…"""
    prefixes = ["+" + digits]
    if digits.startswith("0"):
        prefixes += [code + digits[1:] for code in TRUNK_ZERO_CODES]
    return [prefix + "%" for prefix in prefixes + [code + digits for code in NO_TRUNK_CODES]]


PHONE_DIGITS = phone_digits("ph.number")


# Each party's document is written twice over: by the triggers, from the party's tables
# (its e-mails, phones and addresses gathered by subqueries), and by a bulk import, from its
# scratch table of new parties (one e-mail, phone and place each, NULL when absent, and the
# organisation's columns NULL for a person, as the LEFT JOIN gives them). One template each
# for both: `p` and `o` are the party's and the organisation's row.
def _channels(aggregate: str) -> dict[str, str]:
    """The party's e-mails, phones and places, each gathered by `aggregate` (SQLite's
    group_concat, PostgreSQL's string_agg). Constants only: no input reaches them."""
    emails = f"SELECT {aggregate}(e.address, ' ') FROM parties_email e"  # noqa: S608
    phones = f"SELECT {aggregate}({PHONE_DIGITS}, ' ') FROM parties_phone ph"  # noqa: S608
    places = f"SELECT {aggregate}(a.city || ' ' || a.postal_code, ' ') FROM parties_address a"  # noqa: S608
    return {
        "emails": f"({emails} WHERE e.party_id = p.id)",
        "phones": f"({phones} WHERE ph.party_id = p.id)",
        "places": f"({places} WHERE a.party_id = p.id)",
    }


# A scratch table of new parties (see insert_documents_from) has one of each, or NULL.
STAGED_CHANNELS = {
    "emails": "s.email",
    "phones": phone_digits("s.phone"),
    "places": "s.city || ' ' || s.postal_code",
}
PARTY_TABLES = "FROM parties_party p LEFT JOIN parties_organisation o ON o.party_ptr_id = p.id"

# --- SQLite -------------------------------------------------------------------------------


def _sqlite_document(p: str, o: str, *, emails: str, phones: str, places: str) -> str:
    # The folded name is indexed too when the name holds more than printable ASCII (GLOB's
    # [^ -~]): unicode61 takes accents off by itself but leaves "œ" and "ß", which fold
    # makes "oe" and "ss", as a search folds what is typed.
    return f"""
    SELECT {p}.id,
        {p}.name || ' ' || CASE WHEN {p}.name GLOB '*[^ -~]*' THEN {p}.name_folded ELSE '' END
            || ' ' || coalesce(nullif({o}.legal_name, {p}.name), '') || ' '
            || coalesce(nullif({o}.trade_name, {p}.name), ''),
        coalesce({o}.siren, '') || ' ' || coalesce({o}.siret, '') || ' '
            || coalesce({o}.vat_number, '') || ' ' || coalesce({o}.ice, '') || ' '
            || coalesce({o}.ridet, ''),
        coalesce({emails}, '') || ' ' || coalesce({phones}, ''),
        coalesce({places}, '')
    """


SQLITE_DOCUMENT = _sqlite_document("p", "o", **_channels("group_concat")) + PARTY_TABLES

SQLITE_COLUMNS = "rowid, names, identifiers, contacts, places"


def _sqlite_refresh(party_id: str) -> str:
    """Statements rebuilding one party's row; party_id is a trigger's NEW.x or OLD.x."""
    delete = f"DELETE FROM parties_search WHERE rowid = {party_id};"  # noqa: S608
    insert = f"INSERT INTO parties_search ({SQLITE_COLUMNS}) {SQLITE_DOCUMENT}"  # noqa: S608
    return f"{delete} {insert} WHERE p.id = {party_id};"


# (trigger name, event, table, WHEN clause, ids whose row is rebuilt)
SQLITE_TRIGGERS = [
    ("party_ins", "AFTER INSERT", "parties_party", "", ["NEW.id"]),
    ("party_upd", "AFTER UPDATE", "parties_party", "WHEN OLD.name IS NOT NEW.name", ["NEW.id"]),
    ("org_ins", "AFTER INSERT", "parties_organisation", "", ["NEW.party_ptr_id"]),
    ("org_upd", "AFTER UPDATE", "parties_organisation", "", ["NEW.party_ptr_id"]),
    ("person_ins", "AFTER INSERT", "parties_person", "", ["NEW.party_ptr_id"]),
    ("person_upd", "AFTER UPDATE", "parties_person", "", ["NEW.party_ptr_id"]),
] + [
    (f"{short}_{event_short}", event, table, "", ids)
    for short, table in (
        ("email", "parties_email"),
        ("phone", "parties_phone"),
        ("addr", "parties_address"),
    )
    for event_short, event, ids in (
        ("ins", "AFTER INSERT", ["NEW.party_id"]),
        # A merge moves channels from one party to another: both rows change.
        ("upd", "AFTER UPDATE", ["OLD.party_id", "NEW.party_id"]),
        ("del", "AFTER DELETE", ["OLD.party_id"]),
    )
]


def _sqlite_create_triggers(execute) -> None:
    for name, event, table, when, ids in SQLITE_TRIGGERS:
        body = " ".join(_sqlite_refresh(party_id) for party_id in ids)
        execute(
            f"CREATE TRIGGER IF NOT EXISTS parties_search_{name} {event} ON {table} "
            f"FOR EACH ROW {when} BEGIN {body} END"
        )


# The FTS5 table's definition, also given to a first load's helper (IndexAside): the
# index files it makes are only valid for a table of the same definition.
SQLITE_TABLE = (
    "fts5(names, identifiers, contacts, places, tokenize = 'unicode61 remove_diacritics 2')"
)
# The plain tables FTS5 keeps a table's index and text in (its "shadow tables").
SQLITE_SHADOW_TABLES = ("data", "idx", "content", "docsize", "config")
# FTS5's commands: how eagerly it merges its segments as rows come (4, SQLite's default;
# 0 for a bulk write, which merges once at the end), and that merge.
SQLITE_AUTOMERGE = "INSERT INTO parties_search (parties_search, rank) VALUES ('automerge', {})"
SQLITE_OPTIMIZE = "INSERT INTO parties_search (parties_search) VALUES ('optimize')"


def sqlite_install(execute) -> None:
    execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS parties_search USING {SQLITE_TABLE}")
    _sqlite_create_triggers(execute)
    execute(
        "CREATE TRIGGER IF NOT EXISTS parties_search_party_del AFTER DELETE ON parties_party "
        "FOR EACH ROW BEGIN DELETE FROM parties_search WHERE rowid = OLD.id; END"
    )
    execute("DELETE FROM parties_search")
    execute(f"INSERT INTO parties_search ({SQLITE_COLUMNS}) {SQLITE_DOCUMENT}")


def sqlite_uninstall(execute) -> None:
    for name, *_rest in SQLITE_TRIGGERS:
        execute(f"DROP TRIGGER IF EXISTS parties_search_{name}")
    execute("DROP TRIGGER IF EXISTS parties_search_party_del")
    execute("DROP TABLE IF EXISTS parties_search")


# --- PostgreSQL ---------------------------------------------------------------------------


# Phones, SIRENs and SIRETs are not in PostgreSQL's documents: nearly every one is a word of
# its own, and they made the full-text index four times as long to build (a million
# parties: 8.4 s, 1.8 s without them). Their B-tree indexes find them as prefixes instead
# (pg_matches), in the same words: the same digits, the phone's national ones included.
def _pg_document(p: str, o: str, *, emails: str, places: str, **_phones) -> str:
    return f"""
        SELECT {p}.id, {p}.name_folded,
            setweight(parties_search_words(concat_ws(' ', {p}.name,
                nullif({o}.legal_name, {p}.name), nullif({o}.trade_name, {p}.name),
                {o}.vat_number, {o}.ice, {o}.ridet)), 'A')
            || setweight(parties_search_words({emails}), 'B')
            || setweight(parties_search_words({places}), 'C')
    """


PG_DOCUMENT = _pg_document("p", "o", **_channels("string_agg")) + PARTY_TABLES
PG_COLUMNS = "party_id, name_folded, document"

# The folded name is kept beside the document for the trigram index of fuzzy names, here
# rather than on parties_party: a first load then builds it on the other core, with the
# rest of this table (PgIndexAside).
PG_INSTALL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TABLE IF NOT EXISTS parties_search "
    "(party_id bigint PRIMARY KEY, name_folded text NOT NULL, document tsvector NOT NULL)",
    # Lower case, no accents, and only letters and digits: the 'simple' parser would otherwise
    # keep "jean.dupont@vercors.fr" as one e-mail token, and "dupont" would not find it.
    """
    CREATE OR REPLACE FUNCTION parties_search_words(value text) RETURNS tsvector
    LANGUAGE sql STABLE AS $$
        SELECT to_tsvector('simple',
            regexp_replace(lower(unaccent(coalesce(value, ''))), '[^[:alnum:]]+', ' ', 'g'))
    $$
    """,
    f"""
    CREATE OR REPLACE FUNCTION parties_search_refresh(target bigint) RETURNS void
    LANGUAGE sql AS $$
        DELETE FROM parties_search WHERE party_id = target;
        INSERT INTO parties_search ({PG_COLUMNS}) {PG_DOCUMENT} WHERE p.id = target;
    $$
    """,  # noqa: S608
    # One trigger function for every table: the argument names the column holding the id.
    """
    CREATE OR REPLACE FUNCTION parties_search_trigger() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        -- A bulk import pauses the index for its transaction and rebuilds it per chunk.
        IF current_setting('comptoir.search_index_paused', true) = 'on' THEN
            RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            PERFORM parties_search_refresh((to_jsonb(OLD) ->> TG_ARGV[0])::bigint);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            PERFORM parties_search_refresh((to_jsonb(NEW) ->> TG_ARGV[0])::bigint);
        END IF;
        RETURN NULL;
    END
    $$
    """,
    # TRUNCATE fires no row trigger (Django's flush between transactional tests uses it).
    """
    CREATE OR REPLACE FUNCTION parties_search_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE parties_search;
        RETURN NULL;
    END
    $$
    """,
]

PG_TRIGGERS = [
    ("parties_party", "INSERT OR DELETE OR UPDATE OF name, name_folded", "id"),
    ("parties_organisation", "INSERT OR UPDATE", "party_ptr_id"),
    ("parties_person", "INSERT OR UPDATE", "party_ptr_id"),
    ("parties_email", "INSERT OR UPDATE OR DELETE", "party_id"),
    ("parties_address", "INSERT OR UPDATE OR DELETE", "party_id"),
]
# The table's indexes, by the end of their name ({table}_{end}); made once the table is
# full (a million documents: indexing after is several times faster than as they come),
# with GIN_BUILD_MEMORY (core.bulk).
PG_INDEXES = {
    "document_idx": "USING gin (document)",
    "name_trgm_idx": "USING gin (name_folded gin_trgm_ops)",
}


def _pg_create_indexes(execute, table: str) -> None:
    execute(f"SET LOCAL maintenance_work_mem = '{GIN_BUILD_MEMORY}'")
    for end, definition in PG_INDEXES.items():
        execute(f"CREATE INDEX IF NOT EXISTS {table}_{end} ON {table} {definition}")


def pg_install(execute) -> None:
    for statement in PG_INSTALL:
        execute(statement)
    execute("DELETE FROM parties_search")
    execute(f"INSERT INTO parties_search ({PG_COLUMNS}) {PG_DOCUMENT}")  # noqa: S608
    _pg_create_indexes(execute, "parties_search")
    for table, events, column in PG_TRIGGERS:
        execute(f"DROP TRIGGER IF EXISTS parties_search_sync ON {table}")
        execute(
            f"CREATE TRIGGER parties_search_sync AFTER {events} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION parties_search_trigger('{column}')"
        )
    execute("DROP TRIGGER IF EXISTS parties_search_truncate ON parties_party")
    execute(
        "CREATE TRIGGER parties_search_truncate AFTER TRUNCATE ON parties_party "
        "FOR EACH STATEMENT EXECUTE FUNCTION parties_search_truncate()"
    )


def pg_uninstall(execute) -> None:
    for table, _events, _column in PG_TRIGGERS:
        execute(f"DROP TRIGGER IF EXISTS parties_search_sync ON {table}")
    execute("DROP TRIGGER IF EXISTS parties_search_truncate ON parties_party")
    for function in (
        "parties_search_truncate()",
        "parties_search_trigger()",
        "parties_search_refresh(bigint)",
        "parties_search_words(text)",
    ):
        execute(f"DROP FUNCTION IF EXISTS {function}")
    execute("DROP TABLE IF EXISTS parties_search")
    # The extensions stay: other apps may use them, and dropping needs the owner's rights.


# --- Bulk writes --------------------------------------------------------------------------


def _execute(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


@contextmanager
def paused(*, first_load: bool = False):
    """Inside a transaction: index triggers off until the block ends; the caller writes
    the index rows of every party it wrote (insert_documents_from).

    `first_load` (PostgreSQL): the triggers are disabled rather than told to return at
    once, which spares a function call per row written (six million for a million
    parties) but locks the tables: only for loads that lock them anyway
    (core.bulk.indexes_dropped)."""
    if connection.vendor == "postgresql" and first_load:
        # ALTER TABLE refuses a table with foreign-key checks pending (Django defers them to
        # the commit): they run now, and the next ones as rows come.
        _execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, _events, _column in PG_TRIGGERS:
            _execute(f"ALTER TABLE {table} DISABLE TRIGGER parties_search_sync")
        yield
        # Not in a `finally`: a failure rolls the transaction back, ALTER TABLE included.
        for table, _events, _column in PG_TRIGGERS:
            _execute(f"ALTER TABLE {table} ENABLE TRIGGER parties_search_sync")
        _execute("SET CONSTRAINTS ALL DEFERRED")
    elif connection.vendor == "postgresql":
        _execute("SELECT set_config('comptoir.search_index_paused', 'on', true)")
        try:
            yield
        finally:
            _execute("SELECT set_config('comptoir.search_index_paused', 'off', true)")
    elif connection.vendor == "sqlite":
        for name, *_rest in SQLITE_TRIGGERS:
            _execute(f"DROP TRIGGER IF EXISTS parties_search_{name}")
        # FTS5 merges its segments as rows come (automerge); for a bulk write, merging once
        # at the commit is a third cheaper, and queries afterwards are as fast (a million
        # parties: 18 s instead of 29 s of CPU). The setting is stored: given back after.
        _execute(SQLITE_AUTOMERGE.format(0))
        try:
            yield
        finally:
            _execute(SQLITE_AUTOMERGE.format(4))
            _sqlite_create_triggers(_execute)
    else:
        yield


def insert_documents_from(source: str) -> None:
    """The index rows of new parties written in bulk with the triggers paused, built by
    one statement from the scratch table they were written from (`source`: id, name,
    name_folded, the organisation's legal_name, trade_name, siren, siret, vat_number, ice
    and ridet, NULL for a person, and one email, phone, city and postal_code, NULL when
    absent) rather than read back from six tables, whose indexes a first load has dropped.
    The same templates as the triggers' documents, so the same words."""
    staged = f"FROM {source} s"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            document = _sqlite_document("s", "s", **STAGED_CHANNELS)
            cursor.execute(f"INSERT INTO parties_search ({SQLITE_COLUMNS}) {document} {staged}")
        elif connection.vendor == "postgresql":
            document = _pg_document("s", "s", **STAGED_CHANNELS)
            cursor.execute(f"INSERT INTO parties_search ({PG_COLUMNS}) {document} {staged}")


# What a PostgreSQL document is made of, in a scratch table of new parties.
DOCUMENT_SOURCE = (
    "id",
    "name",
    "name_folded",
    "legal_name",
    "trade_name",
    "vat_number",
    "ice",
    "ridet",
    "email",
    "city",
    "postal_code",
)


class DocumentsAside:
    """PostgreSQL, a large import: the new parties' search documents made by a second
    connection, on the other core, while this one writes their tables (decision 89).

    Making a million documents (unaccent, the letters-and-digits filter, to_tsvector)
    is the largest single statement of a first load, and the server runs one statement on
    one core. `DocumentsAside(source)` copies out what the documents are made of from the
    scratch table, then a thread hands it to a connection of its own that makes the
    documents into a file, in COPY's binary format; `insert()` copies them into the index:
    reading them back costs a twentieth of making them (the text format, four times
    more). The other connection sees none of this transaction's rows: it is given the
    values, and uses the same template (`_pg_document`) and function as the triggers.
    Should it fail, `insert()` makes the documents here as insert_documents_from does."""

    def __init__(self, source: str):
        self.source = source
        self._folder = tempfile.TemporaryDirectory(prefix="comptoir-documents-")
        self._values = os.path.join(self._folder.name, "values")
        self._documents = os.path.join(self._folder.name, "documents")
        self._made = False
        self._start()

    def _start(self) -> None:
        """The values copied out, and the thread started."""
        columns = ", ".join(DOCUMENT_SOURCE)
        copy_file_out(f"COPY (SELECT {columns} FROM {self.source}) TO STDOUT", self._values)  # noqa: S608
        raw = connection.connection.info
        self._thread = threading.Thread(
            target=self._make, args=(raw.dsn, raw.password), name="documents", daemon=True
        )
        self._thread.start()

    def _make(self, dsn: str, password: str | None) -> None:
        definition = ", ".join(
            f"{name} {'bigint' if name == 'id' else 'text'}" for name in DOCUMENT_SOURCE
        )
        try:
            with psycopg.connect(dsn, password=password) as other, other.cursor() as cursor:
                cursor.execute(f"CREATE TEMPORARY TABLE s ({definition})")
                copy_file_in("COPY s FROM STDIN", self._values, cursor)
                self._use(cursor)
            self._made = True
        except Exception:  # the import goes on: insert() makes them here
            logger.exception("Search documents not made by the second connection")

    def _use(self, cursor) -> None:
        """On the second connection, the values in its table `s`: the documents made."""
        document = _pg_document("s", "s", **STAGED_CHANNELS)
        copy_file_out(
            f"COPY ({document} FROM s) TO STDOUT (FORMAT binary)", self._documents, cursor
        )

    def insert(self) -> None:
        self._thread.join()
        try:
            if not self._made:
                insert_documents_from(self.source)
                return
            copy_file_in(
                f"COPY parties_search ({PG_COLUMNS}) FROM STDIN (FORMAT binary)", self._documents
            )
        finally:
            self._folder.cleanup()


# A first load's search table on PostgreSQL, made and indexed by a second connection
# (PgIndexAside) under this name, then renamed, its key and index with it.
PG_NEXT_TABLE = "parties_search_next"


class PgIndexAside(DocumentsAside):
    """PostgreSQL, a first load: the whole search table made by a second connection, its
    key and indexes included, while this one writes the tables and rebuilds their
    indexes; then taken in place of this connection's (decision 90).

    Building the GIN index of a million documents is the largest single step of a first
    load once the documents are made aside (DocumentsAside), and GIN builds on one core.
    The second connection is given the new parties' values and the documents the table
    already holds (this transaction's rows, which it cannot see), fills a table of its
    own, indexes it and commits it: `take()` drops this connection's table and renames
    the other in its place, which is only done by a load that locks the tables anyway.
    A load that fails after the other connection committed leaves its table behind; the
    next first load drops it before making its own. Should the other connection fail,
    take() writes the documents into the table here as insert_documents_from does.

    `with PgIndexAside(source) as index: … index.take()`."""

    def _start(self) -> None:
        self._held = os.path.join(self._folder.name, "held")
        copy_file_out(
            f"COPY (SELECT {PG_COLUMNS} FROM parties_search) TO STDOUT (FORMAT binary)",  # noqa: S608
            self._held,
        )
        super()._start()

    def _use(self, cursor) -> None:
        table = PG_NEXT_TABLE
        document = _pg_document("s", "s", **STAGED_CHANNELS)
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(f"CREATE TABLE {table} (LIKE parties_search)")  # its columns, no index
        copy_file_in(f"COPY {table} ({PG_COLUMNS}) FROM STDIN (FORMAT binary)", self._held, cursor)
        cursor.execute(f"INSERT INTO {table} ({PG_COLUMNS}) {document} FROM s")  # noqa: S608
        # The key and indexes of PG_INSTALL's table, under names of this one's.
        cursor.execute(f"SET maintenance_work_mem = '{BTREE_BUILD_MEMORY}'")
        cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {table}_pkey PRIMARY KEY (party_id)")
        _pg_create_indexes(cursor.execute, table)
        cursor.connection.commit()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self._thread.join()
        self._folder.cleanup()

    def take(self) -> None:
        self._thread.join()
        if not self._made:
            insert_documents_from(self.source)
            return
        other = PG_NEXT_TABLE
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE parties_search")
            cursor.execute(f"ALTER TABLE {other} RENAME TO parties_search")
            cursor.execute(
                f"ALTER TABLE parties_search RENAME CONSTRAINT {other}_pkey TO parties_search_pkey"
            )
            for end in PG_INDEXES:
                cursor.execute(f"ALTER INDEX {other}_{end} RENAME TO parties_search_{end}")


# The name a first load's index helper database is attached under (SQLite).
INDEX_HELPER_SCHEMA = "comptoir_index_helper"


class IndexAside:
    """SQLite, a first load: the whole search index made by a forked helper, on the other
    core, while this process writes the tables and rebuilds their indexes; then taken in
    place of this connection's (decision 90).

    FTS5 is the largest single step of a first load on SQLite (a million documents
    tokenised, their segments merged), and SQLite runs a connection's work on one core.
    The helper reads the new parties from the scratch rows' database file (core.bulk's
    ScratchTable.load_halves: `path`, table `table`) and inherits the documents the index
    already holds; in a database file of its own, it builds a table of the same
    definition (SQLITE_TABLE) with the same template as insert_documents_from, and merges
    its segments. `take()` then drops this connection's table, creates it again, and
    copies the helper's five shadow tables into the new one's: an FTS5 index lives in
    those plain tables and nowhere else, and both were made by the same SQLite. Only for
    a first load, which holds the write lock and brings more parties than the base holds
    (its documents go through the helper too).

    `with IndexAside(path, table, source) as index: … index.take()`. Should the helper
    fail, take() writes the documents here from `source` (the scratch table as this
    connection reads it) as insert_documents_from does."""

    def __init__(self, path: str, table: str, source: str):
        self._rows = path
        self._table = table
        self.source = source
        self._helper = None
        self._stack = ExitStack()

    def __enter__(self):
        if helper_attached(INDEX_HELPER_SCHEMA):  # a rolled-back load's (core.bulk)
            return self
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {SQLITE_COLUMNS} FROM parties_search")  # noqa: S608
            held = cursor.fetchall()
        folder = self._stack.enter_context(helper_folder(INDEX_HELPER_SCHEMA))
        self._path = os.path.join(folder, "index")
        self._helper = Forked(_make_index, self._path, self._rows, self._table, held)
        return self

    def __exit__(self, *exc_info) -> None:
        self._made()  # its folder goes once the helper is done with it
        self._stack.close()

    def _made(self) -> int | None:
        """How many documents the helper made, once it is done; None if it failed."""
        helper, self._helper = self._helper, None
        return helper.result() if helper else None

    def take(self) -> None:
        """Put the helper's index in place of this connection's."""
        if self._made() is None:
            insert_documents_from(self.source)
            return
        attach_helper(self._path, INDEX_HELPER_SCHEMA)
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE main.parties_search")
            cursor.execute(f"CREATE VIRTUAL TABLE main.parties_search USING {SQLITE_TABLE}")
            for shadow in SQLITE_SHADOW_TABLES:
                table = f"parties_search_{shadow}"
                cursor.execute(f"DELETE FROM main.{table}")  # noqa: S608
                cursor.execute(
                    f"INSERT INTO main.{table} SELECT * FROM {INDEX_HELPER_SCHEMA}.{table}"  # noqa: S608
                )


def index_aside(scratch) -> IndexAside | PgIndexAside | None:
    """For a large first load: the helper that makes the whole search index aside from
    the scratch table of new parties (core.bulk.ScratchTable, loaded by halves), or None
    when there is none to be had (SQLite, when the rows are not in a file of their own)."""
    if connection.vendor == "postgresql":
        return PgIndexAside(scratch.source)
    if connection.vendor == "sqlite" and scratch.file:
        return IndexAside(scratch.file, scratch.name, scratch.source)
    return None


def _make_index(path: str, rows: str, table: str, held: list[tuple]) -> int:
    """In IndexAside's forked helper: the index in a database file of its own at `path`,
    from the scratch rows of `table` in the database file `rows`; how many documents.
    Never through the inherited connection."""
    database = scratch_database(path)
    database.execute("ATTACH DATABASE ? AS staged", [rows])
    database.execute("BEGIN")
    database.execute(f"CREATE VIRTUAL TABLE parties_search USING {SQLITE_TABLE}")
    # As paused() does for a bulk write: segments merged once, at the end.
    database.execute(SQLITE_AUTOMERGE.format(0))
    database.executemany(
        f"INSERT INTO parties_search ({SQLITE_COLUMNS}) VALUES (?, ?, ?, ?, ?)",  # noqa: S608
        held,
    )
    document = _sqlite_document("s", "s", **STAGED_CHANNELS)
    database.execute(
        f"INSERT INTO parties_search ({SQLITE_COLUMNS}) {document} FROM staged.{table} s"  # noqa: S608
    )
    database.execute(SQLITE_OPTIMIZE)
    database.execute(SQLITE_AUTOMERGE.format(4))
    (made,) = database.execute("SELECT count(*) FROM parties_search_docsize").fetchone()
    database.execute("COMMIT")
    database.close()
    return made


def optimize() -> None:
    """After a first load, SQLite: merge the FTS5 segments the load wrote into one, which
    searches read faster (a second for a million parties)."""
    if connection.vendor == "sqlite":
        _execute(SQLITE_OPTIMIZE)


# --- Reading ------------------------------------------------------------------------------

# What a phone number or an identifier looks like when typed: digits and separators only.
NUMBER_LIKE = re.compile(r"^\+?[\d\s.\-/()]+$")
WORD = re.compile(r"[^\W_]+")


def query_terms(query: str) -> list[str]:
    """The words of what was typed in a search box, as the index holds them. A query that
    looks like a number ("04 78 95", "732 829 320", "+33 4 78") is one term of its digits,
    so that it finds the phone or identifier as you type it; "+" or "00" means an
    international number, which the index holds without the plus."""
    query = (query or "").strip()
    if NUMBER_LIKE.match(query) and sum(c.isdigit() for c in query) >= 2:
        digits = re.sub(r"\D", "", query.replace("(0)", ""))
        if query.startswith("00"):
            digits = digits[2:]
        return [digits] if digits else []
    return WORD.findall(fold(query))


def matching_ids(words: list[str]) -> RawSQL:
    """A subquery of the ids of parties having every word as a word prefix anywhere in their
    index row (names, identifiers, e-mails, phones, places): `pk__in=matching_ids([...])`.
    `words` are folded (query_terms); each is passed as a parameter, never formatted into
    the SQL."""
    terms = [re.sub(r"[^0-9a-z]+", " ", word).strip() for word in words]
    terms = [term for term in " ".join(terms).split() if term]
    if not terms:
        return RawSQL("SELECT NULL WHERE 1 = 0", [])
    if connection.vendor == "postgresql":
        return RawSQL(*pg_matches(terms))  # noqa: S611 (parameters)
    expression = " ".join(f'"{term}"*' for term in terms)
    return RawSQL("SELECT rowid FROM parties_search WHERE parties_search MATCH %s", [expression])


DIGITS = re.compile(r"[0-9]+")


def _pg_terms(terms: list[str]) -> tuple[str | None, list[str]]:
    """The tsquery (to_tsquery's text) of the terms that are not plain digits, each a
    prefix, None if there is none; and the terms of digits. Terms are letters and digits
    only, which to_tsquery reads as one word each."""
    words = [term for term in terms if not DIGITS.fullmatch(term)]
    numbers = [term for term in terms if DIGITS.fullmatch(term)]
    return (" & ".join(f"{word}:*" for word in words) if words else None), numbers


def pg_matches(terms: list[str], *, limit: int | None = None) -> tuple[str, list]:
    """PostgreSQL: a SELECT of `party_id` and its parameters, the parties having every term
    as a word prefix, as SQLite's index has them. A term of digits is found in the documents
    (a postal code, a number in a name) or as the beginning of a phone's international or
    national digits, a SIREN or a SIRET, which the documents leave to their B-tree indexes
    (see _pg_document). `limit`: at most that many parties, in no particular order (for a
    number alone, at most that many from each index)."""
    words, numbers = _pg_terms(terms)
    if not words and len(numbers) == 1:
        candidates, params = _number_candidates(numbers[0], limit)
        return f"SELECT party_id FROM ({candidates}) found LIMIT %s", [*params, limit]  # noqa: S608
    where, params = _pg_conditions(words, numbers, limit)
    return f"SELECT s.party_id FROM parties_search s WHERE {where} LIMIT %s", [*params, limit]  # noqa: S608


def pg_search(terms: list[str], *, window: int, limit: int) -> tuple[str, list]:
    """PostgreSQL: a SELECT of the `party_id` of at most `limit` parties matching the terms
    (pg_matches), the best first: of the first `window` matches, those whose words match
    best (ts_rank), or in id order for numbers alone."""
    words, numbers = _pg_terms(terms)
    if not words:
        matches, params = pg_matches(terms, limit=window)
        return f"SELECT party_id FROM ({matches}) hits ORDER BY party_id LIMIT %s", [  # noqa: S608
            *params,
            limit,
        ]
    where, params = _pg_conditions(words, numbers, window)
    return (
        "SELECT party_id FROM (SELECT s.party_id, s.document FROM parties_search s "  # noqa: S608
        f"WHERE {where} LIMIT %s) hits "
        "ORDER BY ts_rank(document, to_tsquery('simple', %s)) DESC, party_id LIMIT %s",
        [*params, window, words, limit],
    )


def _pg_conditions(words: str | None, numbers: list[str], limit: int | None) -> tuple[str, list]:
    """The WHERE clause on parties_search `s` of pg_matches (the terms as _pg_terms splits
    them), and its parameters."""
    numbers = list(numbers)
    if words:
        conditions, params = ["s.document @@ to_tsquery('simple', %s)"], [words]
    else:  # the first number finds the candidates, the others sort them out
        candidates, params = _number_candidates(numbers.pop(0), limit)
        conditions = [f"s.party_id IN ({candidates})"]
    for number in numbers:
        phones = phone_patterns(number)
        # Only placeholders and constants are formatted into these statements.
        conditions.append(
            "(s.document @@ to_tsquery('simple', %s) "  # noqa: S608
            "OR EXISTS (SELECT 1 FROM parties_phone ph WHERE ph.party_id = s.party_id "
            f"AND ({_any_like('ph.number', phones)})) "
            "OR EXISTS (SELECT 1 FROM parties_organisation o WHERE o.party_ptr_id = s.party_id "
            "AND (o.siren LIKE %s OR o.siret LIKE %s)))"
        )
        params += [f"{number}:*", *phones, f"{number}%", f"{number}%"]
    return " AND ".join(conditions), params


def _number_candidates(number: str, limit: int | None) -> tuple[str, list]:
    """The parties with a word, a phone, a SIREN or a SIRET starting with these digits, each
    found through its own index, at most `limit` from each (None: all)."""
    phones = phone_patterns(number)
    sql = (
        "(SELECT party_id FROM parties_search WHERE document @@ to_tsquery('simple', %s) "  # noqa: S608
        "LIMIT %s) UNION "
        f"(SELECT party_id FROM parties_phone WHERE {_any_like('number', phones)} LIMIT %s) "
        "UNION (SELECT party_ptr_id FROM parties_organisation "
        "WHERE siren LIKE %s OR siret LIKE %s LIMIT %s)"
    )
    return sql, [f"{number}:*", limit, *phones, limit, f"{number}%", f"{number}%", limit]


def _any_like(column: str, patterns: list[str]) -> str:
    """SQL: `column` LIKE one of the patterns, each a parameter. An OR of LIKEs rather than
    LIKE ANY(array), which no index serves."""
    return " OR ".join([f"{column} LIKE %s"] * len(patterns))


def executor(schema_editor):
    # No parameters: the statements contain literal % (LIKE patterns) and $$ bodies.
    return lambda sql: schema_editor.execute(sql, None)


def install(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        sqlite_install(executor(schema_editor))
    elif vendor == "postgresql":
        pg_install(executor(schema_editor))


def rebuild_definitions(apps, schema_editor) -> None:
    """After a change of the documents' SQL: SQLite's table and triggers made again (and
    filled); PostgreSQL's functions replaced, the documents left as they are."""
    execute = executor(schema_editor)
    if schema_editor.connection.vendor == "sqlite":
        sqlite_uninstall(execute)
        sqlite_install(execute)
    elif schema_editor.connection.vendor == "postgresql":
        for statement in PG_INSTALL:
            execute(statement)


def drop_sqlite_triggers(apps, schema_editor) -> None:
    """First operation of a migration that rebuilds a parties table on SQLite: the triggers
    of the other tables name it, and SQLite refuses to drop it under them."""
    if schema_editor.connection.vendor == "sqlite":
        execute = executor(schema_editor)
        for name, *_rest in SQLITE_TRIGGERS:
            execute(f"DROP TRIGGER IF EXISTS parties_search_{name}")


def reinstall_sqlite_triggers(apps, schema_editor) -> None:
    """Last operation of such a migration (see the module's docstring)."""
    if schema_editor.connection.vendor == "sqlite":
        _sqlite_create_triggers(executor(schema_editor))


def uninstall(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        sqlite_uninstall(executor(schema_editor))
    elif vendor == "postgresql":
        pg_uninstall(executor(schema_editor))
