"""A bulk import writes the new parties' search rows itself, from its scratch table of new
parties (parties.search_index.insert_documents_from); the triggers of every other write
build them from the party's tables (SQLITE_DOCUMENT, PG_DOCUMENT). Both must index the same
words, or a party imported would be found by other searches than the same party typed in a
form."""

import os
import tempfile

import pytest
from django.db import connection
from django.utils import translation

from comptoir.parties import search_index
from comptoir.parties.imports import parse
from comptoir.parties.services import import_rows
from comptoir.parties.services import imports as import_service

FILE = (
    "Raison sociale;Nom commercial;Nom;Prénom;SIREN;SIRET;TVA;Téléphone;E-mail;Code postal;"
    "Ville;Pays\n"
    "Boulangerie Martin;;;;732 829 320;;;04 78 95 02 13;contact@martin.fr;69003;Lyon;\n"
    "Société Générale d'Équipement;Cœur & Fils;;;;73282932000074;FR44732829320;"
    "01 42 00 00 01;;75011;Paris;\n"
    "Garage Dupont;Garage Dupont;;;;;;;;;;\n"
    ";;Durand;Émilie;;;;06 12 34 56 78;emilie.durand@exemple.fr;;Saint-Étienne;\n"
    ";;Petit;Jean;;;;;;;;\n"
    "Nouméa Pêche;;;;;;;+687 27 12 34;peche@lagon.nc;98800;Nouméa;NC\n"
    ";;Alaoui;Karim;;;;0612345678;karim@exemple.ma;20000;Casablanca;MA\n"
    "Zürich Straße AG;;;;;;;+41 44 668 18 00;;8001;Zürich;CH\n"
    "Luxembourg Café;;;;;;;+352 27 12 34 56;info@cafe.lu;1111;Luxembourg;LU\n"
    "L'Atelier du Bœuf;Łódź & Ærø;;;;;;;jean_paul@exemple.fr;;Kraków;\n"
).encode()


def built_by_sql() -> list[tuple]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT s.id, s.name_folded, s.document::text "  # noqa: S608
                f"FROM ({search_index.PG_DOCUMENT}) AS s(id, name_folded, document) ORDER BY 1"
            )
        else:
            cursor.execute(f"{search_index.SQLITE_DOCUMENT} ORDER BY p.id")
        return cursor.fetchall()


def stored() -> list[tuple]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT party_id, name_folded, document::text FROM parties_search ORDER BY 1"
            )
        else:
            cursor.execute(f"SELECT {search_index.SQLITE_COLUMNS} FROM parties_search ORDER BY 1")  # noqa: S608
        return cursor.fetchall()


@pytest.mark.parametrize("path", ["chunks", "first load", "large", "large first load"])
def test_imported_rows_index_the_words_the_triggers_would(users, monkeypatch, path):
    """ "large": from SHARE_FROM new parties, a helper makes half the scratch rows and, on
    PostgreSQL, a second connection makes the documents (search_index.DocumentsAside);
    "large first load": the whole index is made aside (search_index.index_aside; on
    SQLite only on a connection no rolled-back load has left a helper's database on)."""
    monkeypatch.setattr(import_service, "CHUNK_SIZE", 4)
    if "first load" in path:
        monkeypatch.setattr(import_service, "FIRST_LOAD_FROM", 2)
    if "large" in path:
        monkeypatch.setattr(import_service, "SHARE_FROM", 2)
    made_aside, index_aside = [], []
    aside = search_index.DocumentsAside
    monkeypatch.setattr(
        search_index, "DocumentsAside", lambda source: made_aside.append(source) or aside(source)
    )
    helper = search_index.index_aside
    monkeypatch.setattr(
        search_index, "index_aside", lambda scratch: index_aside.append(scratch) or helper(scratch)
    )
    with translation.override("fr"):
        _mapping, rows = parse(FILE, "clients.csv")
    assert all(row.valid for row in rows), [row.errors for row in rows]
    result = import_rows(by=users["administrateur"], rows=rows)
    assert result.created == 10
    assert stored() == built_by_sql()
    assert bool(made_aside) == (path == "large" and connection.vendor == "postgresql")
    assert bool(index_aside) == (path == "large first load")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite makes them in one go")
@pytest.mark.parametrize("first_load", [False, True])
def test_if_the_second_connection_fails_the_documents_are_made_here(users, monkeypatch, first_load):
    monkeypatch.setattr(import_service, "SHARE_FROM", 2)
    if first_load:  # the whole table would have been made aside (PgIndexAside)
        monkeypatch.setattr(import_service, "FIRST_LOAD_FROM", 2)
    monkeypatch.setattr(search_index.psycopg, "connect", lambda *a, **k: 1 / 0)
    with translation.override("fr"):
        _mapping, rows = parse(FILE, "clients.csv")
    import_rows(by=users["administrateur"], rows=rows)
    assert stored() == built_by_sql()
    assert len(stored()) >= 10


def pg_search_table() -> list[tuple]:
    """The search table's constraints and indexes, as PostgreSQL describes them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'parties_search'::regclass "
            "UNION ALL SELECT indexname, indexdef FROM pg_indexes "
            "WHERE tablename = 'parties_search' ORDER BY 1"
        )
        return cursor.fetchall()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's second connection")
def test_a_first_load_takes_a_search_table_made_and_indexed_by_a_second_connection(
    transactional_db, monkeypatch
):
    """The table made aside holds the new parties and those already there, and takes the
    place, the name, the key and the index of the one it replaces; a table left by a load
    that failed is dropped first."""
    from comptoir.core.models import User
    from comptoir.parties.models import Organisation, Party
    from comptoir.parties.queries import search_parties

    monkeypatch.setattr(import_service, "FIRST_LOAD_FROM", 2)
    monkeypatch.setattr(import_service, "SHARE_FROM", 2)
    before = pg_search_table()
    with connection.cursor() as cursor:  # as a failed load leaves it
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {search_index.PG_NEXT_TABLE} (party_id bigint)")
    known = Organisation.objects.create(name="Fromagerie Alpine", legal_name="Fromagerie Alpine")
    admin = User.objects.create_superuser("admin-index", password="x")  # noqa: S106
    with translation.override("fr"):
        _mapping, rows = parse(FILE, "clients.csv")
    import_rows(by=admin, rows=rows)
    assert pg_search_table() == before
    assert len(stored()) == Party.objects.count() == 11
    assert stored() == built_by_sql()
    assert [p.pk for p in search_parties(user=admin, query="alpine")] == [known.pk]
    martin = Party.objects.get(name="Boulangerie Martin")
    martin.name = "Boulangerie Martinez"
    martin.save()  # the triggers write into the table taken from the other connection
    assert [p.pk for p in search_parties(user=admin, query="martinez")] == [martin.pk]
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [search_index.PG_NEXT_TABLE])
        assert cursor.fetchone() == (None,)


@pytest.fixture
def sqlite_first_load(transactional_db, monkeypatch):
    """SQLite, a large first load on a connection no rolled-back load has left a helper's
    database on (core.bulk.helper_attached): the search index is made aside."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL makes the documents with a second connection")
    connection.close()
    monkeypatch.setattr(import_service, "FIRST_LOAD_FROM", 2)
    monkeypatch.setattr(import_service, "SHARE_FROM", 2)
    made_here = []
    insert = search_index.insert_documents_from
    monkeypatch.setattr(
        search_index,
        "insert_documents_from",
        lambda source: made_here.append(source) or insert(source),
    )
    return made_here


def file_rows() -> list:
    with translation.override("fr"):
        return parse(FILE, "clients.csv")[1]


def fts5_integrity_check() -> None:
    """FTS5's own check of its index against its text: raises if they disagree."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO parties_search (parties_search) VALUES ('integrity-check')")


def helper_folders() -> list[str]:
    return [name for name in os.listdir(tempfile.gettempdir()) if name.startswith("comptoir_")]


def test_a_first_load_takes_a_whole_index_made_by_a_helper(sqlite_first_load):
    """The helper's index holds the new parties and those already there, reads as the
    triggers would have written it, passes FTS5's own check and keeps working."""
    from comptoir.core.models import User
    from comptoir.parties.models import Organisation, Party
    from comptoir.parties.queries import search_parties

    before = helper_folders()
    known = Organisation.objects.create(name="Fromagerie Alpine", legal_name="Fromagerie Alpine")
    admin = User.objects.create_superuser("admin-index", password="x")  # noqa: S106
    import_rows(by=admin, rows=file_rows())
    assert sqlite_first_load == []  # no document was made here
    assert len(stored()) == Party.objects.count() == 11
    assert stored() == built_by_sql()
    fts5_integrity_check()
    assert [p.pk for p in search_parties(user=admin, query="alpine")] == [known.pk]
    martin = Party.objects.get(name="Boulangerie Martin")
    martin.name = "Boulangerie Martinez"
    martin.save()  # the triggers write into the index taken from the helper
    assert [p.pk for p in search_parties(user=admin, query="martinez")] == [martin.pk]
    fts5_integrity_check()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pragma_database_list WHERE name LIKE 'comptoir%'")
        assert cursor.fetchall() == []  # let go at the commit…
    assert set(helper_folders()) <= set(before)  # …and their files removed


def test_a_first_load_that_fails_after_taking_the_index_leaves_the_old_one(
    sqlite_first_load, monkeypatch
):
    """The index was dropped and made again inside the transaction: a failure later on
    gives the old one back; the next load on that connection, which still holds the
    helpers' databases, makes its documents itself."""
    from comptoir.core.models import User
    from comptoir.parties.models import Organisation, Party

    Organisation.objects.create(name="Fromagerie Alpine", legal_name="Fromagerie Alpine")
    admin = User.objects.create_superuser("admin-index", password="x")  # noqa: S106
    optimize = search_index.optimize
    monkeypatch.setattr(search_index, "optimize", lambda: 1 / 0)  # after the index is taken
    with pytest.raises(ZeroDivisionError):
        import_rows(by=admin, rows=file_rows())
    assert sqlite_first_load == []  # the index had been taken from the helper
    assert len(stored()) == Party.objects.count() == 1
    assert stored() == built_by_sql()
    monkeypatch.setattr(search_index, "optimize", optimize)
    import_rows(by=admin, rows=file_rows())
    assert len(sqlite_first_load) == 1  # made here this time
    assert len(stored()) == 11
    assert stored() == built_by_sql()
    fts5_integrity_check()


def test_if_the_index_helper_fails_the_documents_are_made_here(sqlite_first_load, monkeypatch):
    from comptoir.core.models import User

    parent = os.getpid()
    monkeypatch.setattr(search_index, "_make_index", lambda *args: os._exit(1))
    admin = User.objects.create_superuser("admin-index", password="x")  # noqa: S106
    import_rows(by=admin, rows=file_rows())
    assert os.getpid() == parent
    assert len(sqlite_first_load) == 1
    assert stored() == built_by_sql()
    assert len(stored()) == 10


@pytest.mark.parametrize(
    ("number", "words"),
    [
        ("+33478950213", "33478950213 0478950213"),
        ("+212612345678", "212612345678 0612345678"),
        ("+262262123456", "262262123456 0262123456"),
        ("+41446681800", "41446681800 0446681800"),
        ("+68727123", "68727123 27123"),
        ("+221771234567", "221771234567 771234567"),
        ("+14165550199", "14165550199 "),
    ],
)
def test_a_phone_is_found_by_its_international_and_national_digits(db, number, words):
    sql = search_index.PHONE_DIGITS.replace("%", "%%").replace("ph.number", "CAST(%s AS text)")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}", [number] * sql.count("%s"))
        assert cursor.fetchone()[0] == words


@pytest.mark.parametrize(
    ("number", "words"),
    [
        ("+33478950213", "33478950213 0478950213"),
        ("+212612345678", "212612345678 0612345678"),
        ("+68727123", "68727123 27123"),
        ("+14165550199", "14165550199"),
    ],
)
def test_a_phone_is_searched_by_the_beginnings_of_its_words_and_nothing_else(db, number, words):
    """SQLite finds a phone by the words of its document, PostgreSQL by the prefixes of its
    number that phone_patterns derives from the digits typed: the same parties either way."""
    from comptoir.parties.models import Organisation, Phone

    party = Organisation.objects.create(name="Standard", legal_name="Standard")
    Phone.objects.create(party=party, number=number)

    def found(digits: str) -> bool:
        return party.pk in Organisation.objects.filter(
            pk__in=search_index.matching_ids([digits])
        ).values_list("pk", flat=True)

    for word in words.split():
        assert all(found(word[:size]) for size in range(2, len(word) + 1)), word
    beginnings = {word[:size] for word in words.split() for size in range(1, len(word) + 1)}
    others = {f"{digits}{tail}" for digits in beginnings for tail in "0123456789"} - beginnings
    assert not any(found(digits) for digits in sorted(others))
