"""The import page: check the file, correct the column mapping and keep it as a template,
see each rejected row's reason and the rows that match known records, import as a task."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from comptoir.core.models import TaskProgress
from comptoir.parties.models import Email, ImportMapping, Organisation
from comptoir.parties.services import mapping_save
from tests.french import french

FILE = (
    "Raison sociale;SIREN;Téléphone\n"
    "Boulangerie Martin;732 829 320;04 78 95 02 13\n"
    "Mauvais SIREN;123456789;\n"
).encode("cp1252")

# A trade-fair export: « Contact mail » and « Enseigne du magasin » are not recognised.
FAIR = (
    "Société;Contact mail;Enseigne du magasin;Ville\n"
    "Boulangerie Martin;contact@martin.fr;Le Fournil;Lyon\n"
    "Garage Dupont;garage@dupont.fr;;Villeurbanne\n"
    "Sans nom;pas-un-email;;Lyon\n"
).encode()


def upload(client, mode="keep-valid", content=FILE, name="clients.csv", template=""):
    return client.post(
        reverse("parties:import"),
        {"file": SimpleUploadedFile(name, content), "mode": mode, "template": template},
    )


def choices(response, **changes) -> dict:
    """The preview's form as the page would post it, with `changes` (column_2="email")."""
    form = response.context["form"]
    data = {
        name: form[name].value() if form.is_bound else form[name].initial or ""
        for name in form.fields
    }
    data = {name: value for name, value in data.items() if value not in (None, False)}
    data.update(changes)
    return data


def selected(page: str, index: int) -> str:
    select = re.search(rf'<select name="column_{index}".*?</select>', page, re.S).group(0)
    found = re.search(r'<option value="([^"]*)" selected>', select)
    return found.group(1) if found else ""


@pytest.fixture
def martin(db):
    organisation = Organisation.objects.create(
        kind="organisation", name="Boulangerie Martin SARL", legal_name="Boulangerie Martin SARL"
    )
    Email.objects.create(party=organisation, address="contact@martin.fr", is_default=True)
    return organisation


def test_preview_then_import_with_rejects_to_download(client_as):
    client = client_as("administrateur")
    preview = upload(client)
    page = preview.content.decode()
    assert 'id="rows-valid">1<' in page and 'id="rows-rejected">1<' in page
    assert "123456789" in page  # the rejected row says why
    token = preview.context["token"]

    response = client.post(reverse("parties:import-run", args=[token]), choices(preview))
    assert response.status_code == 302
    assert Organisation.objects.get().siren == "732829320"
    progress = TaskProgress.objects.get()
    assert progress.message == french(
        "Fiches créées : 1 ; complétées : 0 ; lignes ignorées : 0 ; rejetées : 1."
    )
    assert progress.result_url  # the reject file
    rejects = client.get(progress.result_url)
    content = b"".join(rejects.streaming_content).decode("utf-8-sig")
    assert "Mauvais SIREN" in content and "SIREN" in content


def test_each_column_shows_its_header_samples_and_the_guessed_field(client_as):
    page = upload(client_as("administrateur"), content=FAIR).content.decode()
    assert "Contact mail" in page and "contact@martin.fr" in page and "garage@dupont.fr" in page
    assert "Le Fournil" in page
    assert (selected(page, 0), selected(page, 1), selected(page, 2), selected(page, 3)) == (
        "name",
        "",
        "",
        "city",
    )
    assert "— ignorer cette colonne —" in page and "Nom commercial" in page
    assert 'id="rows-valid">3<' in page  # the bad e-mail is not read yet


def test_checking_again_with_a_corrected_mapping(client_as):
    client = client_as("administrateur")
    preview = upload(client, content=FAIR)
    token = preview.context["token"]

    checked = client.post(
        reverse("parties:import-check", args=[token]),
        choices(preview, column_1="email", column_2="trade_name"),
    )
    page = checked.content.decode()
    assert 'id="rows-valid">2<' in page and 'id="rows-rejected">1<' in page
    assert "pas-un-email" in page  # read now, and refused with its reason
    assert (selected(page, 1), selected(page, 2)) == ("email", "trade_name")

    client.post(reverse("parties:import-run", args=[token]), choices(checked))
    martin = Organisation.objects.get(name="Le Fournil")
    assert martin.trade_name == "Le Fournil" and martin.emails.get().address == "contact@martin.fr"


def test_two_columns_for_one_field_is_an_error_and_the_choices_stay(client_as):
    client = client_as("administrateur")
    preview = upload(client, content=FAIR)
    token = preview.context["token"]
    response = client.post(
        reverse("parties:import-check", args=[token]),
        choices(preview, column_1="email", column_2="name"),
    )
    page = response.content.decode()
    assert (
        french(
            "Les colonnes « Société » et « Enseigne du magasin » vont toutes dans "
            "« Raison sociale » : n&#x27;en gardez qu&#x27;une."
        )
        in page
    )
    assert french("« Raison sociale » est déjà choisi pour une autre colonne.") in page
    assert (selected(page, 0), selected(page, 1), selected(page, 2)) == ("name", "email", "name")
    assert 'id="run-import" formaction' in page and "disabled" in page
    assert 'id="rows-valid"' not in page

    # Importing anyway is refused the same way; nothing is written.
    client.post(
        reverse("parties:import-run", args=[token]),
        choices(preview, column_1="email", column_2="name"),
    )
    assert not Organisation.objects.exists()


def test_a_mapping_without_a_name_column_says_so_and_can_be_corrected(client_as):
    client = client_as("administrateur")
    preview = upload(client, content="Client;Tél.\nMartin;04 78 95 02 13\n".encode())
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Aucune colonne ne contient de nom" in page
    assert 'id="rows-valid"' not in page
    checked = client.post(
        reverse("parties:import-check", args=[preview.context["token"]]),
        choices(preview, column_0="name"),
    )
    assert 'id="rows-valid">1<' in checked.content.decode()


def test_importing_a_changed_mapping_shows_the_new_counts_first(client_as):
    client = client_as("administrateur")
    preview = upload(client, content=FAIR)
    token = preview.context["token"]
    response = client.post(
        reverse("parties:import-run", args=[token]), choices(preview, column_1="email")
    )
    assert response.status_code == 200
    assert "La correspondance a changé" in response.content.decode()
    assert not Organisation.objects.exists()
    # Now the counts shown are those of this mapping: the import runs.
    assert (
        client.post(reverse("parties:import-run", args=[token]), choices(response)).status_code
        == 302
    )
    assert Organisation.objects.count() == 2


def test_saving_the_mapping_as_a_template_and_using_it_next_time(client_as, users):
    client = client_as("administrateur")
    preview = upload(client, content=FAIR)
    token = preview.context["token"]
    checked = client.post(
        reverse("parties:import-check", args=[token]),
        choices(
            preview,
            column_1="email",
            column_2="trade_name",
            save_template="on",
            template_name="Salon de Lyon",
        ),
    )
    page = checked.content.decode()
    assert french("Le modèle de correspondance « Salon de Lyon » a été enregistré.") in page
    template = ImportMapping.objects.get()
    assert template.columns == {
        "societe": "name",
        "contact mail": "email",
        "enseigne du magasin": "trade_name",
        "ville": "city",
    }
    assert template.created_by == users["administrateur"]

    form_page = client.get(reverse("parties:import")).content.decode()
    assert "Modèle de correspondance" in form_page
    assert "deviner d&#x27;après les en-têtes" in form_page and "Salon de Lyon" in form_page
    again = upload(client, content=FAIR, template=template.pk).content.decode()
    assert (selected(again, 1), selected(again, 2)) == ("email", "trade_name")
    assert french("Modèle de correspondance : « Salon de Lyon »") in again


def test_saving_under_an_existing_name_replaces_that_template(client_as, users):
    mapping_save(
        by=users["administrateur"], name="Salon de Lyon", headers=["Nom"], mapping={0: "name"}
    )
    client = client_as("administrateur")
    preview = upload(client, content=FAIR)
    checked = client.post(
        reverse("parties:import-check", args=[preview.context["token"]]),
        choices(preview, save_template="on", template_name="Salon de Lyon"),
    )
    assert french("« Salon de Lyon » a été remplacé.") in checked.content.decode()
    assert ImportMapping.objects.get().columns["societe"] == "name"


def test_saving_without_a_name_is_an_error_on_the_name(client_as):
    client = client_as("administrateur")
    preview = upload(client, content=FAIR)
    checked = client.post(
        reverse("parties:import-check", args=[preview.context["token"]]),
        choices(preview, column_1="email", save_template="on"),
    )
    page = checked.content.decode()
    assert "Donnez un nom au modèle de correspondance." in page
    assert selected(page, 1) == "email"
    assert not ImportMapping.objects.exists()


def test_rows_matching_known_records_are_listed_and_can_be_skipped(client_as, martin):
    client = client_as("administrateur")
    preview = upload(client, content=FAIR)
    checked = client.post(
        reverse("parties:import-check", args=[preview.context["token"]]),
        choices(preview, column_1="email"),
    )
    page = checked.content.decode()
    assert 'id="rows-matching">1<' in page
    assert "1 ligne valide a le même SIREN, e-mail ou téléphone" in page
    assert (
        f'href="{reverse("parties:party", args=[martin.pk])}">Boulangerie Martin SARL</a>' in page
    )
    assert "même e-mail" in page
    assert "Pour les lignes qui correspondent à une fiche existante" in page
    assert "compléter la fiche existante (champs vides, nouveaux téléphones et e-mails)" in page
    assert 'value="update" id="id_on_match_0" checked' in page

    client.post(
        reverse("parties:import-run", args=[checked.context["token"]]),
        choices(checked, on_match="skip"),
    )
    assert Organisation.objects.count() == 2  # Garage Dupont created, Martin left alone
    assert not martin.addresses.exists()
    progress = TaskProgress.objects.get()
    assert french("lignes ignorées : 1") in progress.message


def test_matching_rows_complete_the_known_record_by_default(client_as, martin):
    client = client_as("administrateur")
    preview = upload(client, content=FAIR)
    checked = client.post(
        reverse("parties:import-check", args=[preview.context["token"]]),
        choices(preview, column_1="email"),
    )
    client.post(reverse("parties:import-run", args=[checked.context["token"]]), choices(checked))
    assert martin.addresses.get().city == "Lyon"
    assert french("complétées : 1") in TaskProgress.objects.get().message


def test_the_file_is_kept_until_the_import_runs(client_as):
    client = client_as("administrateur")
    preview = upload(client)
    token = preview.context["token"]
    for _ in range(2):
        assert (
            client.post(reverse("parties:import-check", args=[token]), choices(preview)).status_code
            == 200
        )
    client.post(reverse("parties:import-run", args=[token]), choices(preview))
    gone = client.post(reverse("parties:import-check", args=[token]), choices(preview))
    assert gone.status_code == 302 and gone.url == reverse("parties:import")
    assert "Ce fichier n&#x27;est plus disponible" in client.get(gone.url).content.decode()


def test_all_or_nothing_with_rejects_cannot_be_started(client_as):
    page = upload(client_as("administrateur"), mode="all-or-nothing").content.decode()
    assert re.search(r'id="run-import"[^>]*disabled', page)


def test_unreadable_file_is_refused_on_the_form(client_as):
    response = upload(client_as("administrateur"), content=b"\x00\x01binary", name="x.csv")
    assert response.status_code == 200
    assert "CSV ou XLSX" in response.content.decode()
    assert not Organisation.objects.exists()


def test_import_page_needs_the_import_permission(client_as):
    client = client_as("charge_clientele")
    assert client.get(reverse("parties:import")).status_code == 403
    assert client.post(reverse("parties:import-check", args=["abc"])).status_code == 403
    assert client.post(reverse("parties:import-run", args=["abc"])).status_code == 403


def test_someone_else_s_token_is_of_no_use(client_as, users, client):
    preview = upload(client_as("administrateur"))
    token = preview.context["token"]
    other = users["direction"]
    other.user_permissions.add(Permission.objects.get(codename="import_party"))
    client.force_login(other)
    response = client.post(reverse("parties:import-run", args=[token]), choices(preview))
    assert response.status_code == 302 and not Organisation.objects.exists()
