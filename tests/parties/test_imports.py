"""Reading import files: every encoding and separator Excel produces, every kind of bad row."""

import io
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from comptoir.parties import imports
from comptoir.parties.imports import (
    ImportFileError,
    _email_valid,
    guess_mapping,
    parse,
    rejects_csv,
)

HEADER = "Raison sociale;SIREN;Téléphone;E-mail;Code postal;Ville;Pays"
GOOD = "Boulangerie Martin;732 829 320;04 78 95 02 13;Contact@Martin.FR;69003;Lyon;FR"


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def csv_bytes(*lines, encoding="utf-8", separator=";"):
    return "\n".join(line.replace(";", separator) for line in lines).encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("separator", [";", ","])
def test_every_encoding_and_separator(encoding, separator):
    content = csv_bytes(
        HEADER, GOOD, "Café Zoé;;;;;Saint-Étienne;FR", encoding=encoding, separator=separator
    )
    _mapping, rows = parse(content, "clients.csv")
    assert [row.valid for row in rows] == [True, True]
    first, second = rows
    assert first.values["siren"] == "732829320"
    assert first.values["phone"] == "+33478950213"
    assert first.values["email"] == "contact@martin.fr"
    assert second.values["name"] == "Café Zoé" and second.values["city"] == "Saint-Étienne"


def test_xlsx():
    book = Workbook()
    sheet = book.active
    sheet.append(["Company name", "Phone", "City"])
    sheet.append(["Vercors Équipements", "+33 4 78 95 02 13", "Lyon"])
    buffer = io.BytesIO()
    book.save(buffer)
    _mapping, [row] = parse(buffer.getvalue(), "export.xlsx")
    assert row.valid and row.values["phone"] == "+33478950213"


def test_headers_are_recognised_in_french_and_english():
    mapping = guess_mapping(["Nom", "Prénom", "E-mail", "CP", "Commune", "Colonne inconnue"])
    assert mapping == {0: "last_name", 1: "first_name", 2: "email", 3: "postal_code", 4: "city"}
    assert guess_mapping(["Company", "ZIP code", "Town"]) == {
        0: "name",
        1: "postal_code",
        2: "city",
    }


def test_each_bad_row_says_why():
    content = csv_bytes(
        HEADER,
        "Mauvais SIREN;123456789;;;;Lyon;FR",
        "Mauvais tel;;12;;;Lyon;FR",
        "Mauvais mail;;;pas-un-mail;;Lyon;FR",
        ";;;;;Lyon;FR",
        "Pays inconnu;;;;;Atlantis;ZZ",
        GOOD,
    )
    _mapping, rows = parse(content, "clients.csv")
    reasons = [row.errors for row in rows]
    assert "SIREN" in reasons[0][0] and "123456789" in reasons[0][0]
    assert (
        reasons[1] == ["Le téléphone « 12 » n'est pas un numéro valide."] or "12" in reasons[1][0]
    )
    assert "pas-un-mail" in reasons[2][0]
    assert reasons[3] == ["Nom manquant."]
    assert "ZZ" in reasons[4][0]
    assert rows[5].valid
    assert [row.line for row in rows] == [2, 3, 4, 5, 6, 7]


def test_reject_file_has_one_reason_per_row():
    content = csv_bytes(HEADER, "Mauvais SIREN;123456789;;;;Lyon;FR", GOOD)
    _mapping, rows = parse(content, "clients.csv")
    rejects = rejects_csv(rows, ["name", "siren", "city"]).decode("utf-8-sig").splitlines()
    assert len(rejects) == 2
    assert rejects[1].startswith("2;") and "Mauvais SIREN" in rejects[1]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "vide.csv", "vide"),
        (b"\x00\x01\x02binary", "image.csv", "CSV ou XLSX"),
        (b"PK\x03\x04broken", "casse.xlsx", "endommagé"),
        (b"Raison sociale;Ville", "entete.csv", "aucune donnée"),
        (b"Colonne;Autre\na;b", "sans-nom.csv", "nom"),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_message(content, name, message):
    with pytest.raises(ImportFileError, match=message):
        parse(content, name)


def test_headers_with_the_degree_sign_are_recognised():
    assert guess_mapping(["Raison sociale", "N° SIREN", "N° TVA"]) == {
        0: "name",
        1: "siren",
        2: "vat_number",
    }


def _django_accepts(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


@settings(max_examples=500)
@given(
    st.one_of(
        st.emails().map(str.lower),
        st.text(min_size=1, max_size=40),
        st.builds(
            lambda user, domain: f"{user}@{domain}",
            st.text("abc.+_-@ é", min_size=0, max_size=8),
            st.text("abc.-[]1:é", min_size=0, max_size=12),
        ),
    )
)
def test_the_quick_e_mail_check_gives_djangos_verdict(address):
    assert _email_valid(address) == _django_accepts(address)


SHARED_FILE = (
    HEADER,
    "Mauvais SIREN;123456789;;;;Lyon;FR",
    "Mauvais tel;;12;;;Lyon;FR",
    GOOD,
    ";;;;;Lyon;FR",
    "Pays inconnu;;;;;Atlantis;ZZ",
    "Garage Dupont;552 120 222;+33 4 72 00 00 01;GARAGE@Dupont.fr;69100;Villeurbanne;",
    "Mauvais mail;;;pas-un-mail;;Lyon;FR",
)


def validated_here(monkeypatch) -> list:
    """The rows this process validates itself (a forked helper's calls stay in the helper)."""
    seen = []
    validate = imports.validate_row
    monkeypatch.setattr(
        imports, "validate_row", lambda row, **kw: seen.append(row.line) or validate(row, **kw)
    )
    return seen


def test_a_large_file_is_validated_on_both_cores_with_the_same_verdicts(monkeypatch):
    alone = parse(csv_bytes(*SHARED_FILE), "clients.csv")[1]
    monkeypatch.setattr(imports, "SHARE_FROM", 2)
    here = validated_here(monkeypatch)
    shared = parse(csv_bytes(*SHARED_FILE), "clients.csv")[1]
    assert here == [2, 3, 4, 5, 6]  # the first 60 %; the helper took the last two
    assert [(row.line, row.values, row.errors) for row in shared] == [
        (row.line, row.values, row.errors) for row in alone
    ]
    assert shared[5].values["phone"] == "+33472000001"  # normalised in the other process
    assert shared[5].values["siren"] == "552120222"


def test_if_the_other_process_fails_this_one_validates_its_share(monkeypatch):
    alone = parse(csv_bytes(*SHARED_FILE), "clients.csv")[1]
    monkeypatch.setattr(imports, "SHARE_FROM", 2)
    monkeypatch.setattr(imports, "_verdicts", lambda *args: os._exit(1))
    here = validated_here(monkeypatch)
    shared = parse(csv_bytes(*SHARED_FILE), "clients.csv")[1]
    assert here == [2, 3, 4, 5, 6, 7, 8]  # its share, then the helper's
    assert [(row.values, row.errors) for row in shared] == [
        (row.values, row.errors) for row in alone
    ]
