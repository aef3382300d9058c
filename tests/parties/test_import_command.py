"""`comptoir import parties FILE`: templates, what to do with known records, the summary."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from comptoir.parties.models import Email, Organisation
from comptoir.parties.services import mapping_save
from tests.french import french

FILE = (
    "Société;Contact mail;Enseigne du magasin;SIREN\n"
    "Boulangerie Martin;contact@martin.fr;Le Fournil;\n"
    "Garage Dupont;garage@dupont.fr;;\n"
    "Mauvais SIREN;;;123456789\n"
).encode()


@pytest.fixture
def source(users, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    path = tmp_path / "salon.csv"
    path.write_bytes(FILE)
    return path


@pytest.fixture
def martin(db):
    organisation = Organisation.objects.create(
        kind="organisation", name="Boulangerie Martin SARL", legal_name="Boulangerie Martin SARL"
    )
    Email.objects.create(party=organisation, address="contact@martin.fr", is_default=True)
    return organisation


def run(*args) -> str:
    out = StringIO()
    call_command("import", "parties", *map(str, args), "--as", "administrateur", stdout=out)
    return out.getvalue()


def test_a_saved_template_maps_the_columns(source, users):
    mapping_save(
        by=users["administrateur"],
        name="Salon de Lyon",
        headers=["Société", "Contact mail", "Enseigne du magasin"],
        mapping={0: "name", 1: "email", 2: "trade_name"},
    )
    summary = json.loads(run(source, "--mapping", "salon de lyon", "--json"))
    assert (summary["created"], summary["rejected"], summary["mapping"]) == (2, 1, "Salon de Lyon")
    fournil = Organisation.objects.get(trade_name="Le Fournil")
    assert fournil.emails.get().address == "contact@martin.fr"


def test_an_unknown_template_is_a_usage_error_naming_the_saved_ones(source, users):
    mapping_save(by=users["administrateur"], name="Export ERP", headers=["A"], mapping={0: "name"})
    with pytest.raises(CommandError) as refused:
        run(source, "--mapping", "Salon")
    assert refused.value.returncode == 2
    assert str(refused.value) == french(
        "Aucun modèle de correspondance ne s'appelle « Salon » ; les modèles enregistrés sont "
        "« Export ERP »."
    )
    assert not Organisation.objects.exists()


def test_known_records_are_completed_or_skipped(source, martin):
    source.write_bytes(FILE.replace(b"Contact mail", b"E-mail"))
    summary = json.loads(run(source, "--json", "--on-match", "skip"))
    assert (summary["created"], summary["updated"], summary["skipped"]) == (1, 0, 1)
    assert summary["on_match"] == "skip"
    assert martin.emails.count() == 1


def test_the_summary_counts_every_outcome_and_names_the_reject_file(source, martin, tmp_path):
    source.write_bytes(FILE.replace(b"Contact mail", b"E-mail"))
    text = run(source)
    assert (
        "3 ligne(s) lue(s) : 1 fiche(s) créée(s), 1 complétée(s), 0 ligne(s) ignorée(s) car déjà "
        "connue(s), 1 rejetée(s)." in text
    )
    [reject_file] = list((tmp_path / "imports").glob("rejets-*.csv"))
    assert f"Lignes rejetées et leur motif : {reject_file}" in text
    assert "123456789" in reject_file.read_text(encoding="utf-8-sig")


def test_a_file_without_a_name_column_says_so(users, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    path = tmp_path / "x.csv"
    path.write_bytes("Client;Tél.\nMartin;04 78 95 02 13\n".encode())
    with pytest.raises(CommandError, match="Aucune colonne ne contient de nom"):
        run(path)


def test_a_user_without_the_permission_is_refused(source, users):
    out = StringIO()
    with pytest.raises(CommandError, match="n'a pas le droit d'importer"):
        call_command("import", "parties", str(source), "--as", "comptable", stdout=out)
