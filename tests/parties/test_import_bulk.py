"""The large-file path of the import: chunks written with one statement per table, the search
index paused and rebuilt, matches proposed rather than duplicated, an audit entry per party.

The thresholds are lowered so that a dozen rows take the same path as a million.
"""

import os

import pytest
from django.db import connection
from django.utils import translation

from comptoir.core.bulk import indexes_dropped, reserve_ids
from comptoir.core.models import AuditEntry
from comptoir.parties.imports import parse
from comptoir.parties.models import Email, Organisation, Party, Person
from comptoir.parties.queries import find_by_phone, find_matches, search_parties
from comptoir.parties.services import import_rows
from comptoir.parties.services import imports as import_service
from tests.french import french

FILE = (
    "Raison sociale;Nom;Prénom;SIREN;Téléphone;E-mail;Adresse;Code postal;Ville\n"
    "Boulangerie Martin;;;732 829 320;04 78 95 02 13;contact@martin.fr;2 rue Neuve;69003;Lyon\n"
    ";Durand;Émilie;;06 12 34 56 78;emilie.durand@exemple.fr;;;Saint-Étienne\n"
    "Garage Dupont;;;;04 72 00 00 01;;;;Villeurbanne\n"
    ";Petit;Jean;;;JEAN.PETIT@exemple.fr;;;Grenoble\n"
    "Transports Roux;;;;;roux@transports.fr;;;Nîmes\n"
    # The same e-mail as a row above: one party, completed, not two.
    ";Petit;Jean;;07 81 00 00 02;jean.petit@exemple.fr;;;\n"
    "Mauvais;;;123456789;;;;;Lyon\n"
).encode()


@pytest.fixture(autouse=True, params=["chunks", "first load"])
def bulk_path(request, monkeypatch):
    """Every test runs twice: new parties written by chunks into the indexed tables, and as
    a first load (indexes dropped, rebuilt at the end; search index built in one go)."""
    monkeypatch.setattr(import_service, "CHUNK_SIZE", 3)
    monkeypatch.setattr(import_service, "ANALYZE_FROM", 2)
    dropped, imported = [], []
    monkeypatch.setattr(
        import_service,
        "indexes_dropped",
        lambda tables: dropped.append(tables) or indexes_dropped(tables),
    )
    write = import_service._create
    monkeypatch.setattr(
        import_service, "_create", lambda *a, **k: imported.append(a) or write(*a, **k)
    )
    if request.param == "first load":
        monkeypatch.setattr(import_service, "FIRST_LOAD_FROM", 2)
    with translation.override("fr"):
        yield
    # The path the test meant to take is the one it took.
    assert bool(dropped) == (request.param == "first load" and bool(imported))


def rows(content=FILE):
    return parse(content, "clients.csv")[1]


def test_every_table_of_a_party_is_written(users):
    result = import_rows(by=users["administrateur"], rows=rows())
    assert result.as_dict() == {"created": 5, "updated": 1, "skipped": 0, "rejected": 1}
    martin = Organisation.objects.get(siren="732829320")
    assert (martin.name, martin.legal_name, martin.country) == (
        "Boulangerie Martin",
        *("Boulangerie Martin", "FR"),
    )
    assert martin.name_folded == "boulangerie martin"
    assert martin.phones.get().number == "+33478950213"
    assert martin.emails.get().is_default
    address = martin.addresses.get()
    assert (address.line1, address.postal_code, address.city_folded) == (
        "2 rue Neuve",
        "69003",
        "lyon",
    )
    durand = Person.objects.get(last_name="Durand")
    assert (durand.name, durand.first_name, durand.is_prospect) == ("DURAND Émilie", "Émilie", True)
    petit = Person.objects.get(last_name="Petit")
    assert sorted(petit.phones.values_list("number", flat=True)) == ["+33781000002"]
    assert Email.objects.filter(address="jean.petit@exemple.fr").count() == 1


def test_imported_parties_are_found_by_search_and_screen_pop(users):
    import_rows(by=users["administrateur"], rows=rows())
    user = users["administrateur"]
    assert [p.name for p in search_parties(user=user, query="boulangerie mar")] == [
        "Boulangerie Martin"
    ]
    assert [p.name for p in search_parties(user=user, query="saint etienne")] == ["DURAND Émilie"]
    # The row completed after its creation is indexed with its new phone too.
    assert [p.name for p in search_parties(user=user, query="07 81 00")] == ["PETIT Jean"]
    assert [p.name for p in find_by_phone("06 12 34 56 78")] == ["DURAND Émilie"]


def test_the_index_triggers_are_back_after_the_import(users):
    import_rows(by=users["administrateur"], rows=rows())
    organisation = Organisation.objects.get(siren="732829320")
    organisation.name = "Boulangerie Martin-Vercors"
    organisation.save()
    found = search_parties(user=users["administrateur"], query="vercors")
    assert [p.pk for p in found] == [organisation.pk]


def test_a_failed_import_leaves_the_index_triggers_in_place(users, monkeypatch):
    def broken(self, label, progress, documents):
        raise RuntimeError("disk full")

    monkeypatch.setattr(import_service._NewParties, "write", broken)
    with pytest.raises(RuntimeError):
        import_rows(by=users["administrateur"], rows=rows())
    assert not Party.objects.exists()
    party = Organisation.objects.create(
        kind="organisation", name="Fromagerie Alpine", legal_name="Fromagerie Alpine"
    )
    assert [p.pk for p in search_parties(user=users["administrateur"], query="alpine")] == [
        party.pk
    ]


def test_each_created_party_has_an_audit_entry_naming_the_file(users):
    import_rows(by=users["administrateur"], rows=rows(), label="salon-2026.csv")
    entries = AuditEntry.objects.filter(object_repr="Boulangerie Martin")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.user == users["administrateur"]
    assert entry.changes == {"import": [None, "salon-2026.csv"]}
    assert AuditEntry.objects.filter(action="create", changes__has_key="import").count() == 5


def test_matches_can_be_skipped_instead_of_completed(users):
    import_rows(by=users["administrateur"], rows=rows())
    again = (
        "Raison sociale;SIREN;Téléphone\nBOULANGERIE MARTIN;732829320;04 72 99 99 99\nNouvelle;;\n"
    )
    result = import_rows(by=users["administrateur"], rows=rows(again.encode()), on_match="skip")
    assert result.as_dict() == {"created": 1, "updated": 0, "skipped": 1, "rejected": 0}
    assert Organisation.objects.get(siren="732829320").phones.count() == 1


def test_matches_say_which_party_and_why(users):
    import_rows(by=users["administrateur"], rows=rows())
    content = (
        "Raison sociale;SIREN;E-mail;Téléphone\n"
        "Autre nom;732829320;;\n"
        "Inconnue;;contact@martin.fr;\n"
        "Encore;;;06.12.34.56.78\n"
        "Personne;;;\n"
    ).encode()
    matches = find_matches(rows(content))
    martin = Organisation.objects.get(siren="732829320")
    durand = Person.objects.get(last_name="Durand")
    assert {line: (m.party_id, m.reason) for line, m in matches.items()} == {
        2: (martin.pk, "siren"),
        3: (martin.pk, "email"),
        4: (durand.pk, "phone"),
    }
    assert matches[2].party_name == "Boulangerie Martin"


def test_ids_of_deleted_parties_are_never_given_again(users):
    gone = Organisation.objects.create(kind="organisation", name="Partie", legal_name="Partie")
    gone_id = gone.pk
    gone.delete()
    assert reserve_ids(Party, 2)[0] > gone_id
    import_rows(by=users["administrateur"], rows=rows())
    assert Party.objects.order_by("pk").first().pk > gone_id


def test_too_long_values_are_rejected_with_the_reason(users):
    content = ("Raison sociale;Ville\n" + "x" * 201 + ";Lyon\n").encode()
    (row,) = rows(content)
    assert row.errors == [french("Raison sociale : plus de 200 caractères.")]


def test_progress_is_reported_after_each_chunk_and_each_table(users):
    seen = []
    import_rows(by=users["administrateur"], rows=rows(), progress=lambda d, t: seen.append((d, t)))
    done = [d for d, _total in seen]
    # Five new parties loaded by chunks of three, written into the tables (five more
    # steps, and a tenth for a first load's indexes), then the row completing one of them.
    assert done[:2] == [3, 5]
    assert done == sorted(done)
    assert len(done) >= 2 + 8
    assert seen[-1][0] == seen[-1][1] == seen[0][1]


@pytest.mark.django_db(transaction=True)
def test_a_large_load_makes_half_its_scratch_rows_on_the_other_core(monkeypatch):
    """From SHARE_FROM new parties, a forked helper makes the scratch rows of the second
    half (in name order): the parties come out the same, ids still in name order."""
    from comptoir.core.models import User

    connection.close()  # a connection no rolled-back load has left its helper file on
    monkeypatch.setattr(import_service, "SHARE_FROM", 2)
    made_here = []
    make = import_service._NewParties.rows
    monkeypatch.setattr(
        import_service._NewParties,
        "rows",
        lambda self, rows, *a: made_here.extend(r.line for r in rows) or make(self, rows, *a),
    )
    admin = User.objects.create_superuser("admin-partage", password="x")  # noqa: S106
    result = import_rows(by=admin, rows=rows())
    assert result.as_dict() == {"created": 5, "updated": 1, "skipped": 0, "rejected": 1}
    created = list(Party.objects.filter(name_folded__in=NEW_NAMES).order_by("id"))
    assert [p.name_folded for p in created] == sorted(NEW_NAMES)
    # Boulangerie Martin and DURAND Émilie, first in name order, were made here.
    assert sorted(made_here) == [2, 3]
    assert Organisation.objects.get(siren="732829320").phones.get().number == "+33478950213"
    assert [p.name for p in find_by_phone("06 12 34 56 78")] == ["DURAND Émilie"]
    assert AuditEntry.objects.filter(object_repr="Transports Roux").count() == 1


NEW_NAMES = [
    "boulangerie martin",
    "durand emilie",
    "garage dupont",
    "petit jean",
    "transports roux",
]


def test_uploaded_files_left_by_abandoned_previews_are_purged(settings, tmp_path):
    import datetime

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from comptoir.parties.services import import_files_purge

    settings.MEDIA_ROOT = tmp_path
    old = default_storage.save("imports/old.csv", ContentFile(b"x"))
    new = default_storage.save("imports/new.csv", ContentFile(b"x"))
    three_days_ago = (timezone.now() - datetime.timedelta(days=3)).timestamp()
    os.utime(default_storage.path(old), (three_days_ago, three_days_ago))
    assert import_files_purge() == 1
    assert not default_storage.exists(old) and default_storage.exists(new)


def test_a_row_matching_the_base_completes_that_party_on_either_path(users):
    known = Organisation.objects.create(
        kind="organisation", name="Martin", legal_name="Boulangerie Martin", siren="732829320"
    )
    result = import_rows(by=users["administrateur"], rows=rows())
    assert result.as_dict() == {"created": 4, "updated": 2, "skipped": 0, "rejected": 1}
    known.refresh_from_db()
    assert known.phones.get().number == "+33478950213"
    assert Organisation.objects.filter(siren="732829320").count() == 1


def test_the_search_index_merges_its_segments_again_after_the_load(users):
    from django.db import connection

    import_rows(by=users["administrateur"], rows=rows())
    if connection.vendor != "sqlite":
        pytest.skip("FTS5's automerge setting is SQLite's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT v FROM parties_search_config WHERE k = 'automerge'")
        setting = cursor.fetchone()
    # Set back to SQLite's default after the load paused merging: never left at 0.
    assert setting == (4,)
