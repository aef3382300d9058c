"""Column mappings of an import: guessed, corrected, kept as templates and applied again."""

import pytest
from django.utils import translation

from comptoir.core.exceptions import NotAllowed
from comptoir.parties.imports import ImportFileError
from comptoir.parties.models import ImportMapping
from comptoir.parties.services import (
    MappingError,
    import_file_read,
    mapping_for,
    mapping_get,
    mapping_list,
    mapping_save,
)
from tests.french import french

HEADERS = ["Société", "N° client", "Tél.", "Contact mail", "Ville"]


@pytest.fixture(autouse=True)
def in_french():
    with translation.override("fr"):
        yield


def test_without_a_template_the_mapping_is_guessed_from_the_headers():
    assert mapping_for(HEADERS, None) == {0: "name", 2: "phone", 4: "city"}


def test_a_template_maps_the_headers_it_knows_and_the_others_are_guessed(users):
    template = mapping_save(
        by=users["administrateur"],
        name="Salon de Lyon",
        headers=["Enseigne", "Contact mail", "Société", "Ville"],
        mapping={0: "trade_name", 1: "email", 2: "name"},  # "Ville" ignored on purpose
    )
    # The columns moved and one is new: the template follows the headers, not positions.
    headers = ["Ville", "Contact  MAIL", "Société", "Téléphone", "Enseigne"]
    assert mapping_for(headers, template) == {1: "email", 2: "name", 3: "phone", 4: "trade_name"}


def test_a_field_given_by_the_template_is_not_guessed_for_another_column(users):
    template = mapping_save(
        by=users["administrateur"],
        name="Export ERP",
        headers=["Client", "Raison sociale"],
        mapping={0: "name", 1: "trade_name"},
    )
    assert mapping_for(["Raison sociale", "Client"], template) == {0: "trade_name", 1: "name"}
    assert mapping_for(["Client", "Ville", "Société"], template) == {0: "name", 1: "city"}


def test_saving_a_template_keeps_the_folded_headers(users):
    template = mapping_save(
        by=users["administrateur"],
        name="  Salon   de Lyon ",
        headers=HEADERS,
        mapping={0: "name", 3: "email"},
    )
    template.refresh_from_db()
    assert template.name == "Salon de Lyon"
    assert template.created_by == users["administrateur"]
    assert template.columns == {
        "societe": "name",
        "n° client": "",
        "tel.": "",
        "contact mail": "email",
        "ville": "",
    }
    assert template.replaced is False


def test_a_template_of_the_same_name_is_replaced_and_says_so(users):
    first = mapping_save(
        by=users["administrateur"], name="Salon", headers=HEADERS, mapping={0: "name"}
    )
    again = mapping_save(
        by=users["administrateur"], name="SALON", headers=HEADERS, mapping={0: "name", 3: "email"}
    )
    assert again.pk == first.pk and again.replaced is True
    assert ImportMapping.objects.get().columns["contact mail"] == "email"


@pytest.mark.parametrize(
    ("name", "mapping", "message"),
    [
        ("", {0: "name"}, "Donnez un nom au modèle de correspondance."),
        ("x" * 81, {0: "name"}, "80 caractères au plus"),
        ("Salon", {2: "phone"}, "Aucune colonne ne contient de nom"),
        (
            "Salon",
            {0: "name", 1: "name"},
            "Les colonnes « Société » et « N° client » vont toutes dans « Raison sociale »",
        ),
    ],
)
def test_a_template_that_cannot_be_used_is_refused_with_the_reason(users, name, mapping, message):
    with pytest.raises(MappingError) as refused:
        mapping_save(by=users["administrateur"], name=name, headers=HEADERS, mapping=mapping)
    assert french(message) in refused.value.message
    assert not ImportMapping.objects.exists()


def test_templates_need_the_import_permission(users):
    with pytest.raises(NotAllowed):
        mapping_save(by=users["charge_clientele"], name="S", headers=HEADERS, mapping={0: "name"})
    with pytest.raises(NotAllowed):
        mapping_list(user=users["charge_clientele"])


def test_an_unknown_template_names_those_that_exist(users):
    with pytest.raises(MappingError) as refused:
        mapping_get(user=users["administrateur"], name="Salon")
    assert "aucun modèle n'a encore été enregistré" in refused.value.message
    for name in ("Salon de Lyon", "Export ERP"):
        mapping_save(by=users["administrateur"], name=name, headers=HEADERS, mapping={0: "name"})
    assert mapping_get(user=users["administrateur"], name="salon de lyon").name == "Salon de Lyon"
    with pytest.raises(MappingError) as refused:
        mapping_get(user=users["administrateur"], name="Salon")
    assert refused.value.message == french(
        "Aucun modèle de correspondance ne s'appelle « Salon » ; les modèles enregistrés sont "
        "« Export ERP », « Salon de Lyon »."
    )


def test_reading_a_file_gives_headers_samples_and_validated_rows():
    content = (
        "Société;N° client;Tél.\n"
        "Boulangerie Martin;C001;\n"
        "Garage Dupont;C002;04 78 95 02 13\n"
        "Café;C003;06 12 34 56 78;en trop\n"
    ).encode()
    read = import_file_read(content, "clients.csv")
    assert read.headers == ["Société", "N° client", "Tél.", ""]
    assert read.samples == [
        ["Boulangerie Martin", "Garage Dupont"],
        ["C001", "C002"],
        ["04 78 95 02 13", "06 12 34 56 78"],
        ["en trop"],
    ]
    assert read.mapping == {0: "name", 2: "phone"} and not read.problems
    assert [row.values.get("phone") for row in read.rows] == ["", "+33478950213", "+33612345678"]


def test_a_mapping_without_a_name_is_returned_with_its_problem_not_raised():
    read = import_file_read("Client;Tél.\nMartin;04 78 95 02 13\n".encode(), "clients.csv")
    assert read.mapping == {1: "phone"} and read.rows == []
    assert read.problems == [
        french(
            "Aucune colonne ne contient de nom : associez-en une à « Raison sociale » ou à « Nom »."
        )
    ]
    fixed = import_file_read(
        "Client;Tél.\nMartin;04 78 95 02 13\n".encode(), "clients.csv", mapping={0: "name"}
    )
    assert [row.values for row in fixed.rows][0]["name"] == "Martin"
    assert "phone" not in fixed.rows[0].values  # the column the person left out


def test_a_file_without_data_is_refused():
    with pytest.raises(ImportFileError, match="une ligne d.en-tête mais aucune donnée"):
        import_file_read(b"Raison sociale;SIREN\n", "clients.csv")
