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
"""

from collections.abc import Iterable, Sequence
from contextlib import contextmanager

from django.db import connection, models
from django.utils import timezone

__all__ = [
    "BulkInsert",
    "analyze",
    "batched",
    "indexes_dropped",
    "optimize_statistics",
    "reserve_ids",
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
        now = timezone.now()
        given = list(columns)
        fields = {field.attname: field for field in model._meta.local_concrete_fields}
        unknown = set(given) - set(fields)
        if unknown:
            raise ValueError(f"{model.__name__} has no column {sorted(unknown)}")
        constants = []
        for attname, field in fields.items():
            if attname in given or (field.primary_key and isinstance(field, models.AutoField)):
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = now
            else:
                value = field.get_default()
            constants.append((field, field.get_db_prep_save(value, connection)))
        self.constants = tuple(value for _, value in constants)
        names = [fields[name].column for name in given] + [field.column for field, _ in constants]
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
        if not values:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY streams the rows in one round trip; executemany would wait for each.
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for row in values:
                        copy.write_row(row)
            else:
                cursor.executemany(self.sql, values)


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


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` primary keys nobody else will use, for rows inserted with explicit ids (the
    child rows of multi-table inheritance and the channels need the parent's id up front).

    PostgreSQL: taken from the column's sequence, safe with concurrent writers. SQLite: after
    the largest id ever given (Django's AUTOINCREMENT keeps it in sqlite_sequence, so a
    deleted record's id is never reused and its audit trail never attaches to a newcomer);
    safe because the caller's transaction holds SQLite's single write lock.
    """
    if count <= 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        quote = connection.ops.quote_name
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
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # The load's tables (several hundred MB for a million parties) stay in memory
            # rather than going to and from the WAL file page by page. Given back at the
            # end: a web worker keeps 64 MB.
            cursor.execute("PRAGMA cache_size")
            cache_size = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA cache_size = {LOAD_CACHE_KIB}")
        if connection.vendor == "postgresql":
            # Django's foreign keys are checked at commit; DROP and CREATE INDEX refuse a
            # table with checks pending, so they run now, and the next ones as rows come
            # (as they do outside a transaction).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name, _sql in saved:
            cursor.execute(f"DROP INDEX {quote(name)}")
        for table, name, _definition in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Sorting a million keys in memory rather than in temporary files.
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for _name, sql in saved:  # the database's own statements, no input in them
            cursor.execute(sql)
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
