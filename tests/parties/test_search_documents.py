"""A bulk import writes the new parties' search rows itself, from its scratch table of new
parties (parties.search_index.insert_documents_from); the triggers of every other write
build them from the party's tables (SQLITE_DOCUMENT, PG_DOCUMENT). Both must index the same
words, or a party imported would be found by other searches than the same party typed in a
form."""

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
                f"SELECT s.id, s.document::text FROM ({search_index.PG_DOCUMENT}) AS s(id, document) ORDER BY 1"  # noqa: E501, S608
            )
        else:
            cursor.execute(f"{search_index.SQLITE_DOCUMENT} ORDER BY p.id")
        return cursor.fetchall()


def stored() -> list[tuple]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT party_id, document::text FROM parties_search ORDER BY 1")
        else:
            cursor.execute(f"SELECT {search_index.SQLITE_COLUMNS} FROM parties_search ORDER BY 1")  # noqa: S608
        return cursor.fetchall()


@pytest.mark.parametrize("path", ["chunks", "first load", "large"])
def test_imported_rows_index_the_words_the_triggers_would(users, monkeypatch, path):
    """ "large": from SHARE_FROM new parties, a helper makes half the scratch rows and, on
    PostgreSQL, a second connection makes the documents (search_index.DocumentsAside)."""
    monkeypatch.setattr(import_service, "CHUNK_SIZE", 4)
    if path != "chunks":
        monkeypatch.setattr(import_service, "FIRST_LOAD_FROM", 2)
    if path == "large":
        monkeypatch.setattr(import_service, "SHARE_FROM", 2)
    made_aside = []
    aside = search_index.DocumentsAside
    monkeypatch.setattr(
        search_index, "DocumentsAside", lambda source: made_aside.append(source) or aside(source)
    )
    with translation.override("fr"):
        _mapping, rows = parse(FILE, "clients.csv")
    assert all(row.valid for row in rows), [row.errors for row in rows]
    result = import_rows(by=users["administrateur"], rows=rows)
    assert result.created == 10
    assert stored() == built_by_sql()
    assert bool(made_aside) == (path == "large" and connection.vendor == "postgresql")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite makes them in one go")
def test_if_the_second_connection_fails_the_documents_are_made_here(users, monkeypatch):
    monkeypatch.setattr(import_service, "SHARE_FROM", 2)
    monkeypatch.setattr(search_index.psycopg, "connect", lambda *a, **k: 1 / 0)
    with translation.override("fr"):
        _mapping, rows = parse(FILE, "clients.csv")
    import_rows(by=users["administrateur"], rows=rows)
    assert stored() == built_by_sql()
    assert len(stored()) >= 10


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
