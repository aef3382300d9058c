"""Importing writes the valid rows, matches existing parties, and honours the chosen mode."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from comptoir.core.exceptions import NotAllowed
from comptoir.parties.imports import parse
from comptoir.parties.models import Organisation, Party, Person, Phone
from comptoir.parties.services import import_rows

FILE = (
    "Raison sociale;SIREN;Téléphone;E-mail;Ville\n"
    "Boulangerie Martin;732 829 320;04 78 95 02 13;contact@martin.fr;Lyon\n"
    "Mauvais SIREN;123456789;;;Lyon\n"
    "Garage Dupont;;06 12 34 56 78;;Villeurbanne\n"
).encode()


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def rows(content=FILE):
    return parse(content, "clients.csv")[1]


def test_keep_valid_writes_the_good_rows_and_returns_the_rejects(users):
    result = import_rows(by=users["administrateur"], rows=rows())
    assert (result.created, result.updated, len(result.rejected)) == (2, 0, 1)
    martin = Organisation.objects.get(siren="732829320")
    assert martin.phones.get().number == "+33478950213"
    assert martin.emails.get().address == "contact@martin.fr"
    assert martin.addresses.get().city == "Lyon"
    assert martin.is_prospect


def test_all_or_nothing_writes_nothing_when_a_row_is_bad(users):
    result = import_rows(by=users["administrateur"], rows=rows(), mode="all-or-nothing")
    assert result.created == 0 and len(result.rejected) == 1
    assert not Party.objects.exists()


def test_a_known_party_is_updated_not_duplicated(users):
    import_rows(by=users["administrateur"], rows=rows())
    again = "Raison sociale;SIREN;Téléphone;NAF\nBOULANGERIE MARTIN SARL;732829320;04 72 00 00 01;1071C\n"
    result = import_rows(by=users["administrateur"], rows=rows(again.encode()))
    assert (result.created, result.updated) == (0, 1)
    martin = Organisation.objects.get(siren="732829320")
    assert martin.legal_name == "Boulangerie Martin"  # a known value is never overwritten
    assert martin.naf_code == "1071C"  # a missing one is filled
    assert martin.phones.count() == 2


def test_people_are_imported_as_persons(users):
    content = "Nom;Prénom;Portable\nDurand;Jeanne;06 12 34 56 78\n".encode()
    import_rows(by=users["administrateur"], rows=rows(content))
    jeanne = Person.objects.get()
    assert (jeanne.name, jeanne.first_name) == ("DURAND Jeanne", "Jeanne")
    assert Phone.objects.get().number == "+33612345678"


def test_import_needs_the_import_permission(users):
    with pytest.raises(NotAllowed):
        import_rows(by=users["charge_clientele"], rows=rows())


def test_command_line_summary_and_reject_file(users, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    users["administrateur"].is_superuser = True
    users["administrateur"].save()
    source = tmp_path / "clients.csv"
    source.write_bytes(FILE)
    out = StringIO()
    call_command("import", "parties", str(source), "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert (summary["created"], summary["rejected"]) == (2, 1)
    rejects = (tmp_path / "imports").glob("rejets-*.csv")
    [reject_file] = list(rejects)
    assert "123456789" in reject_file.read_text(encoding="utf-8-sig")
