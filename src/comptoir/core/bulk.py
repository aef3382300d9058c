"""Writing many rows of one model at once, for imports of a million records.

The ORM's save() costs a model instance, its signals (the audit trail) and one statement per
row; bulk_create() still builds an instance per row and refuses multi-table inheritance (an
Organisation is a Party row plus an Organisation row). An import at 20,000 rows a second
writes plain tuples with one prepared INSERT per table through executemany instead: values
are bound as parameters, never formatted into the SQL.

The caller gives the values of some columns per row, already as the database stores them
(text, numbers, booleans, None); every other column gets its field's default, prepared once,
and `auto_now`/`auto_now_add` dates get one `now`. The caller also writes the audit entries
(see core.audit.record_bulk) since no signal fires.

Rows bound for several tables (a party, its organisation, its e-mail…) go faster still in
one pass: loaded once into a ScratchTable, then copied into each table by one
`insert_select` statement that the database runs by itself, without a value crossing from
Python again (a million parties: one row bound per party instead of seven).
"""

import atexit
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Sequence
from contextlib import contextmanager

import psycopg
from django.db import connection, models, transaction
from django.utils import timezone
from psycopg.copy import FileWriter

from comptoir.core.forked import Forked

__all__ = [
    "BTREE_BUILD_MEMORY",
    "GIN_BUILD_MEMORY",
    "BulkInsert",
    "ScratchTable",
    "analyze",
    "attach_helper",
    "batched",
    "copy_file_in",
    "copy_file_out",
    "helper_attached",
    "helper_folder",
    "indexes_dropped",
    "insert_select",
    "load_cache",
    "optimize_statistics",
    "reserve_ids",
    "scratch_database",
    "table_rows",
]


def batched(items: Sequence, size: int):
    """Consecutive slices of at most `size` items (itertools.batched arrives in Python 3.12)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


class BulkInsert:
    """`BulkInsert(Party, ["id", "kind", "name"]).run(rows)` inserts tuples of those columns
    (attnames: `party_id`, not `party`), the other columns taking their defaults."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]):
        given = list(columns)
        fields, defaults = _defaults(model, given)
        self.constants = tuple(value for _, value in defaults)
        names = [fields[name].column for name in given] + [field.column for field, _ in defaults]
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        column_list = ", ".join(quote(name) for name in names)
        self.copy_sql = f"COPY {table} ({column_list}) FROM STDIN"
        # SQLite: the defaults are written into the statement as literals, once, rather
        # than bound again for every row (the party table has 19 of its 25 columns at their
        # default: binding them was a third of its insert). Our own field defaults, quoted
        # by Django's schema editor, never input; % doubled for the placeholder pass.
        placeholders = ["%s"] * len(given)
        if connection.vendor == "sqlite":
            editor = connection.SchemaEditorClass(connection)
            placeholders += [
                editor.quote_value(value).replace("%", "%%") for value in self.constants
            ]
            self.constants = ()
        else:
            placeholders += ["%s"] * len(self.constants)
        self.sql = f"INSERT INTO {table} ({column_list}) VALUES ({', '.join(placeholders)})"  # noqa: S608

    def run(self, rows: Iterable[tuple]) -> None:
        constants = self.constants
        values = [row + constants for row in rows] if constants else list(rows)
        _write_rows(values, copy_sql=self.copy_sql, insert_sql=self.sql)


def _write_rows(rows: Sequence[tuple], *, copy_sql: str, insert_sql: str) -> None:
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams the rows in one round trip; executemany would wait for each.
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(insert_sql, rows)


def _defaults(model: type[models.Model], given: Sequence[str]) -> tuple[dict, list]:
    """(the model's concrete fields by attname, [(field, value prepared for the database)]
    for each column not given: its default, or one `now` for auto_now(_add) dates). An
    auto-incremented primary key not given is left to the database."""
    now = timezone.now()
    fields = {field.attname: field for field in model._meta.local_concrete_fields}
    unknown = set(given) - set(fields)
    if unknown:
        raise ValueError(f"{model.__name__} has no column {sorted(unknown)}")
    defaults = []
    for attname, field in fields.items():
        if attname in given or (field.primary_key and isinstance(field, models.AutoField)):
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            value = field.get_default()
        defaults.append((field, field.get_db_prep_save(value, connection)))
    return fields, defaults


# The name a scratch table's helper database is attached under (SQLite).
HELPER_SCHEMA = "comptoir_scratch_helper"


class ScratchTable:
    """A table of the current transaction holding rows on their way to other tables:
    `ScratchTable("import_rows", {"id": "bigint", "name": "text"})`, then `load()` by
    chunks, `insert_select(..., table.source)` for each destination, `drop()`. Temporary on
    both databases: no other connection sees it, a rollback takes it away. The name and
    types are the caller's constants, never input."""

    def __init__(self, name: str, columns: dict[str, str]):
        self.name = name
        quote = connection.ops.quote_name
        definition = ", ".join(f"{quote(column)} {kind}" for column, kind in columns.items())
        column_list = ", ".join(quote(column) for column in columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {quote(name)} ({definition}) ON COMMIT DROP"
                )
            else:
                cursor.execute(f"CREATE TEMPORARY TABLE {quote(name)} ({definition})")
        self.definition = definition
        # Where the rows are read from (see load_halves), and the SQLite file holding them.
        self.source = quote(name)
        self.file: str | None = None
        self.copy_sql = f"COPY {quote(name)} ({column_list}) FROM STDIN"
        placeholders = ", ".join(["%s"] * len(columns))
        self.sql = f"INSERT INTO {quote(name)} ({column_list}) VALUES ({placeholders})"  # noqa: S608

    def load(self, rows: Sequence[tuple]) -> None:
        _write_rows(rows, copy_sql=self.copy_sql, insert_sql=self.sql)

    def load_chunks(self, chunks: Iterable[Sequence[tuple]], progress) -> None:
        """load() each chunk, then `progress(count)` with its rows."""
        for chunk in chunks:
            self.load(chunk)
            progress(len(chunk))

    def load_halves(
        self, first: Iterable[Sequence[tuple]], second: Iterable[Sequence[tuple]], progress
    ) -> None:
        """Load the chunks of rows `first` yields, then those of `second`, in that order,
        making the second half's rows on the other core: a forked helper (core.forked)
        runs `second` and writes its rows to a file (in the system's temporary folder,
        TMPDIR) while this process loads `first`. The helper makes its rows and binds them
        (SQLite) or formats them for COPY (PostgreSQL): a million new parties' scratch rows
        took a fifth of their import (decision 88). `progress(count)` after each chunk or
        file, with its rows.

        PostgreSQL copies the helper's file into the table. SQLite goes further: this
        process writes its half into a database file too, adds the helper's rows to it,
        and reads the rows from there (`source`; `file` is that database, which another
        helper can read: parties.search_index.IndexAside); the table stays empty.

        Should the helper fail, this process makes the second half itself; so it does,
        into the table, when the connection still holds the database of a rolled-back
        load (SQLite, see helper_attached), which only the end of the connection lets go."""
        if helper_attached(HELPER_SCHEMA):
            self.load_chunks(first, progress)
            self.load_chunks(second, progress)
            return
        with helper_folder(HELPER_SCHEMA) as folder:
            theirs = os.path.join(folder, "second")
            helper = Forked(self._export, second, theirs)
            if connection.vendor == "postgresql":
                self.load_chunks(first, progress)
                written = helper.result()
                if written is None:
                    self.load_chunks(second, progress)
                    return
                copy_file_in(self.copy_sql, theirs)
                progress(written)
                return
            ours = os.path.join(folder, "rows")
            self._export(first, ours, progress)
            written = helper.result()
            if written is None:
                self._export(second, ours, progress)
            else:
                self._export_join(ours, theirs)
                progress(written)
            attach_helper(ours, HELPER_SCHEMA)
        self.file = ours
        self.source = f"{HELPER_SCHEMA}.{connection.ops.quote_name(self.name)}"

    def _export(self, chunks: Iterable[Sequence[tuple]], path: str, progress=None) -> int:
        """The rows, written to `path`; how many; `progress(count)` after each chunk. In
        the forked helper, or in this process for SQLite: never through the connection's
        session."""
        written = 0
        if connection.vendor == "postgresql":
            # The connection only lends its encoding and adapters to format the rows as
            # COPY text: nothing is sent to the server.
            with (
                open(path, "wb") as file,
                psycopg.Copy(connection.connection.cursor(), writer=FileWriter(file)) as copy,
            ):
                for chunk in chunks:
                    for row in chunk:
                        copy.write_row(row)
                    written += len(chunk)
            return written
        # SQLite: a database file of its own (see scratch_database).
        table = connection.ops.quote_name(self.name)
        database = scratch_database(path)
        database.execute(f"CREATE TABLE IF NOT EXISTS {table} ({self.definition})")
        database.execute("BEGIN")
        insert = self.sql.replace("%s", "?")  # the stdlib's placeholders
        for chunk in chunks:
            database.executemany(insert, chunk)
            written += len(chunk)
            if progress:
                progress(len(chunk))
        database.execute("COMMIT")
        database.close()
        return written

    def _export_join(self, ours: str, theirs: str) -> None:
        """SQLite: the helper's rows added to ours, both files written by _export."""
        table = connection.ops.quote_name(self.name)
        database = scratch_database(ours)
        database.execute("ATTACH DATABASE ? AS theirs", [theirs])
        database.execute(f"INSERT INTO main.{table} SELECT * FROM theirs.{table}")  # noqa: S608
        database.close()

    def drop(self) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                # Debian builds SQLite with secure_delete on, which overwrites every freed
                # page with zeros: for a scratch table of a million rows, a second spent
                # on a temporary file deleted anyway.
                cursor.execute("PRAGMA temp.secure_delete = OFF")
            cursor.execute(f"DROP TABLE {connection.ops.quote_name(self.name)}")


def scratch_database(path: str) -> sqlite3.Connection:
    """SQLite: a stdlib connection to a helper's scratch database file, in autocommit,
    without a journal (a failure only costs the helper's work, which its caller then does
    itself). Never the connection of Django's, whose transaction it would share."""
    database = sqlite3.connect(path, isolation_level=None)
    database.execute("PRAGMA journal_mode = OFF")
    database.execute("PRAGMA synchronous = OFF")
    return database


def copy_file_in(sql: str, path: str, cursor=None) -> None:
    """PostgreSQL: a file of COPY data (written by copy_file_out, or a FileWriter) sent,
    a megabyte at a time, into `sql` (a `COPY … FROM STDIN`), through `cursor` (a
    psycopg cursor of another connection) or else through this connection."""
    with _psycopg(cursor) as raw, raw.copy(sql) as copy, open(path, "rb") as file:
        while data := file.read(1 << 20):
            copy.write(data)


def copy_file_out(sql: str, path: str, cursor=None) -> None:
    """PostgreSQL: what `sql` (a `COPY … TO STDOUT`) sends, into a file; as copy_file_in."""
    with _psycopg(cursor) as raw, raw.copy(sql) as copy, open(path, "wb") as file:
        for data in copy:
            file.write(data)


@contextmanager
def _psycopg(cursor):
    if cursor is not None:
        yield cursor
        return
    with connection.cursor() as ours:
        yield ours.cursor


# Helpers' databases (SQLite) -------------------------------------------------------------
#
# A forked helper (core.forked) hands its work over as a database file of its own, which the
# connection attaches under a schema name of the caller's. The transaction locks it (BEGIN
# IMMEDIATE locks every attached database), so it is detached, and its folder removed, at
# the commit. After a rollback it stays attached, and locked by every later transaction,
# until the connection ends: callers check `helper_attached` and do without a helper then.
# Its folder stays too, for SQLite writes to every attached database now and then (a plain
# ANALYZE, PRAGMA optimize) and needs the folder for that. A later helper_folder() of the
# same schema, once the connection has ended, or the end of the process removes it.

# Folders of helpers' databases that may still be attached: folder -> schema.
_HELPER_FOLDERS: dict[str, str] = {}


def helper_attached(schema: str) -> bool:
    """SQLite: the connection still has a helper's database attached under `schema`."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pragma_database_list WHERE name = %s", [schema])
        return cursor.fetchone() is not None


@contextmanager
def helper_folder(schema: str):
    """A new temporary folder (in TMPDIR) for a helper's files, removed when the block ends
    unless its database is attached under `schema` by then (see above)."""
    if not helper_attached(schema):  # what an ended connection left
        _remove_folders(schema)
    folder = tempfile.mkdtemp(prefix=f"{schema}-")
    try:
        yield folder
    finally:
        if helper_attached(schema):
            _HELPER_FOLDERS[folder] = schema
        else:
            shutil.rmtree(folder, ignore_errors=True)


def attach_helper(path: str, schema: str) -> None:
    """SQLite, in a transaction: attach a helper's database file under `schema` (a
    constant of the caller's), detached at the commit."""
    with connection.cursor() as cursor:
        cursor.execute(f"ATTACH DATABASE %s AS {schema}", [path])
    transaction.on_commit(lambda: _detach_helper(schema))


def _detach_helper(schema: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DETACH DATABASE {schema}")
    _remove_folders(schema)


def _remove_folders(schema: str) -> None:
    for folder in [folder for folder, of in _HELPER_FOLDERS.items() if of == schema]:
        del _HELPER_FOLDERS[folder]
        shutil.rmtree(folder, ignore_errors=True)


@atexit.register
def _remove_helper_folders() -> None:
    while _HELPER_FOLDERS:
        shutil.rmtree(_HELPER_FOLDERS.popitem()[0], ignore_errors=True)


def insert_select(
    model: type[models.Model],
    expressions: dict[str, str],
    source: str,
    *,
    values: dict | None = None,
) -> None:
    """`INSERT INTO <model's table> SELECT ... FROM <source>`, one statement the database
    runs by itself: `expressions` give some columns (attnames) as SQL over `source` (a
    table, or a table with its WHERE clause), `values` give others one value for every row
    (bound once, prepared by the field), every other column takes its default as in
    BulkInsert. Expressions and source are the caller's constants, never input."""
    values = values or {}
    fields, defaults = _defaults(model, [*expressions, *values])
    quote = connection.ops.quote_name
    bound = [
        (fields[name], fields[name].get_db_prep_save(v, connection)) for name, v in values.items()
    ]
    bound += defaults
    columns = [fields[name].column for name in expressions]
    columns += [field.column for field, _ in bound]
    # PostgreSQL types a parameter of a SELECT list as text, which a boolean or a number
    # column refuses (a NULL too): each says its column's type.
    if connection.vendor == "postgresql":
        selected = [f"CAST(%s AS {field.cast_db_type(connection)})" for field, _ in bound]
    else:
        selected = ["%s"] * len(bound)
    selected = list(expressions.values()) + selected
    parameters = [value for _, value in bound]
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
        f"SELECT {', '.join(selected)} FROM {source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)


def analyze(*models_: type[models.Model]) -> None:
    """After a bulk write, both databases: statistics for the list pages' plans. Without
    them, SQLite walks the `kind` index and sorts 400,000 organisations to show 50 key
    accounts; with them, it walks the sort's index (2 s for a million parties)."""
    _analyze(models_)


def _analyze(models_) -> None:
    tables = [connection.ops.quote_name(model._meta.db_table) for model in models_]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(tables)}")
        else:
            for table in tables:  # SQLite's ANALYZE takes one table at a time
                cursor.execute(f"ANALYZE {table}")


def optimize_statistics() -> str:
    """The nightly refresh: SQLite's `PRAGMA optimize` re-analyses the tables that changed
    enough (PostgreSQL's autovacuum does it by itself)."""
    if connection.vendor != "sqlite":
        return "autovacuum keeps PostgreSQL's statistics"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA optimize")
    return "PRAGMA optimize done"


def reserve_ids(model: type[models.Model], count: int, *, exclusive: bool = False) -> list[int]:
    """`count` primary keys nobody else will use, for rows inserted with explicit ids (the
    child rows of multi-table inheritance and the channels need the parent's id up front).

    PostgreSQL: taken from the column's sequence, safe with concurrent writers; callers
    reserving at the same time wait for each other's commit. `exclusive`: the caller is
    about to lock the table anyway (a first load drops its indexes), so nobody may insert
    into it until the commit and the whole range is taken in one move rather than one
    `nextval` at a time (5 s for a million). SQLite: after the largest id ever given
    (Django's AUTOINCREMENT keeps it in sqlite_sequence, so a deleted record's id is never
    reused and its audit trail never attaches to a newcomer); safe because the caller's
    transaction holds SQLite's single write lock.
    """
    if count <= 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk.column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"reserve_ids {table}"])
            if not exclusive:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [table, pk, count],
                )
                return [row[0] for row in cursor.fetchall()]
            # Inserts take their ids after this lock: none can come between the two calls.
            cursor.execute(f"LOCK TABLE {quote(table)} IN EXCLUSIVE MODE")
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s))", [table, pk])
            start = cursor.fetchone()[0]
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s), %s)", [table, pk, start + count - 1]
            )
            return list(range(start, start + count))
        # Names from _meta, not from input.
        largest = f"SELECT max({quote(pk)}) FROM {quote(table)}"  # noqa: S608
        sql = f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), coalesce(({largest}), 0))"  # noqa: S608, E501
        cursor.execute(sql, [table])
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


def table_rows(model: type[models.Model]) -> int:
    """How many rows the table holds, counted (PostgreSQL's estimate outlives a rolled-back
    transaction; a count of a million rows through the smallest index takes 20 to 60 ms,
    nothing beside the load it decides on)."""
    return model._base_manager.count()


# SQLite's page cache during a first load, in KiB (negative: a size, not a page count).
LOAD_CACHE_KIB = -1_048_576


@contextmanager
def load_cache():
    """SQLite, around a first load: a page cache of LOAD_CACHE_KIB, so that the load's
    tables (several hundred MB for a million parties) stay in memory while they are
    written, indexed and analysed, rather than going to and from the WAL file page by
    page before the commit. Given back at the end: a web worker keeps 64 MB."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        cache_size = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {LOAD_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {cache_size}")


def _secondary_indexes(tables: Sequence[str]) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the indexes of these tables that only speed reads up:
    not the primary key, not those behind a constraint, not the unique ones (dropping
    those would let the load break a rule that is checked only at the rebuild)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                """
                SELECT ic.relname, pg_get_indexdef(ix.indexrelid)
                FROM pg_index ix
                JOIN pg_class ic ON ic.oid = ix.indexrelid
                JOIN pg_class tc ON tc.oid = ix.indrelid
                WHERE tc.oid = ANY(SELECT to_regclass(t) FROM unnest(%s::text[]) AS t)
                  AND NOT ix.indisprimary AND NOT ix.indisunique
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)
                ORDER BY ic.relname
                """,
                [list(tables)],
            )
            return list(cursor.fetchall())
        found = []
        for table in tables:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "AND sql IS NOT NULL ORDER BY name",
                [table],
            )
            found += [
                (name, sql)
                for name, sql in cursor.fetchall()
                if not sql.lstrip().upper().startswith("CREATE UNIQUE")
            ]
        return found


def _foreign_keys(tables: Sequence[str]) -> list[tuple[str, str, str]]:
    """PostgreSQL: (table, name, definition) of the foreign keys these tables hold."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
            FROM pg_constraint
            WHERE contype = 'f'
              AND conrelid = ANY(SELECT to_regclass(t) FROM unnest(%s::text[]) AS t)
            ORDER BY conrelid::regclass::text, conname
            """,
            [list(tables)],
        )
        return list(cursor.fetchall())


def _unreferenced_primary_keys(tables: Sequence[str]) -> list[tuple[str, str, str]]:
    """PostgreSQL: (table, name, definition) of the primary keys of these tables that no
    foreign key points to (an e-mail's, an audit entry's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
            FROM pg_constraint AS k
            WHERE contype = 'p'
              AND conrelid = ANY(SELECT to_regclass(t) FROM unnest(%s::text[]) AS t)
              AND NOT EXISTS (
                  SELECT 1 FROM pg_constraint AS f
                  WHERE f.contype = 'f' AND f.confrelid = k.conrelid
              )
            ORDER BY conrelid::regclass::text
            """,
            [list(tables)],
        )
        return list(cursor.fetchall())


# PostgreSQL's memory for building one index. A B-tree sorts its million keys in memory
# rather than in temporary files with 1 GB. A GIN index goes the other way: it gathers its
# entries in memory and writes them out each time the memory is full, and the smaller the
# batch, the more of it stays in the processor's caches: the full-text index of a million
# parties took 23 s with 1 GB, 12.9 s with 32 MB, 10.2 s with 8 MB (4 MB: 10.5 s), for an
# index of the same size (decision 90).
BTREE_BUILD_MEMORY = "1GB"
GIN_BUILD_MEMORY = "8MB"


def _build_memory(create_index: str) -> str:
    return GIN_BUILD_MEMORY if " USING gin " in create_index else BTREE_BUILD_MEMORY


@contextmanager
def indexes_dropped(tables: Sequence[str]):
    """Inside a transaction that a failure rolls back: drop the read-only indexes of these
    tables, and create them again, exactly as they were, when the block ends.

    A first load of a million rows writes each row once into every index of its table, in
    random order for most of them (an e-mail, a phone number): page after page read and
    split. Building an index from the finished table sorts its keys once instead, several
    times faster. PostgreSQL's foreign keys of these tables go the same way: each row
    written would otherwise run a lookup into the referenced table (six million for a
    million parties, half the load's time), where adding the key back checks the whole
    table in one join, as pg_restore does. The price is a lock: on PostgreSQL, DROP INDEX holds the table against
    readers until the transaction ends, so the callers keep this for loads larger than
    what the table already holds (see parties.services.imports). DDL is transactional on
    both databases: if the block fails, the rollback brings the indexes back."""
    saved = _secondary_indexes(tables)
    keys = _foreign_keys(tables) if connection.vendor == "postgresql" else []
    # PostgreSQL: a primary key nothing points to goes too (the ids come from a sequence;
    # a duplicate would still fail the load when the key comes back). Its index costs
    # each row written a B-tree insert, a second for a million rows per table; SQLite's
    # ids are the rows' own keys, there is no index to spare.
    primary_keys = _unreferenced_primary_keys(tables) if connection.vendor == "postgresql" else []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Django's foreign keys are checked at commit; DROP and CREATE INDEX refuse a
            # table with checks pending, so they run now, and the next ones as rows come
            # (as they do outside a transaction).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name, _sql in saved:
            cursor.execute(f"DROP INDEX {quote(name)}")
        for table, name, _definition in keys + primary_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
    yield
    with connection.cursor() as cursor:
        if primary_keys:
            cursor.execute(f"SET LOCAL maintenance_work_mem = '{BTREE_BUILD_MEMORY}'")
        for table, name, definition in primary_keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
        for _name, sql in saved:  # the database's own statements, no input in them
            if connection.vendor == "postgresql":
                cursor.execute(f"SET LOCAL maintenance_work_mem = '{_build_memory(sql)}'")
            cursor.execute(sql)
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
