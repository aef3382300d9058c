"""Issue 3 journey: import a file with a bad row, correct a column's mapping and keep it as a
template, see the rows that match known records, follow the progress, download the rejects."""

from playwright.sync_api import expect

from comptoir.parties.models import Email, ImportMapping, Organisation

# « Contact mail » is not recognised: the person maps it to « E-mail » by hand.
FILE = (
    "Raison sociale;SIREN;Téléphone;Contact mail\n"
    "Boulangerie Martin;732 829 320;04 78 95 02 13;contact@martin.fr\n"
    "Mauvais SIREN;123456789;;\n"
    "Garage Dupont;;;garage@dupont.fr\n"
).encode("cp1252")


def test_import_a_file_with_rejects_and_download_them(e2e_users, log_in, tmp_path):
    # Given a garage already in the client base, and a file that has it again
    dupont = Organisation.objects.create(
        kind="organisation", name="Garage Dupont SA", legal_name="Garage Dupont SA"
    )
    Email.objects.create(party=dupont, address="garage@dupont.fr", is_default=True)
    page = log_in("administrateur")
    source = tmp_path / "clients.csv"
    source.write_bytes(FILE)

    # When the file is checked
    page.goto("/clients/organisations/")
    page.get_by_role("link", name="Importer un fichier").click()
    page.locator("input[name=file]").set_input_files(str(source))
    page.get_by_role("button", name="Vérifier le fichier").click()

    # Then each column shows its guess, and the bad row says why
    expect(page.locator("#rows-valid")).to_have_text("2")
    expect(page.locator("#rejected-rows")).to_contain_text("123456789")
    expect(page.get_by_label("Raison sociale", exact=True)).to_have_value("name")
    mail_column = page.get_by_label("Contact mail")
    expect(mail_column).to_have_value("")
    expect(page.locator("#rows-matching")).to_have_text("0")

    # When the person maps « Contact mail » to the e-mail and keeps the mapping as a template
    mail_column.select_option(label="E-mail")
    page.get_by_label("Enregistrer ce modèle de correspondance").check()
    page.get_by_label("Nom du modèle").fill("Salon de Lyon")
    page.get_by_role("button", name="Vérifier à nouveau").click()

    # Then the template is saved, and the garage is recognised by its e-mail
    expect(page.get_by_role("alert")).to_contain_text("« Salon de Lyon » a été enregistré")
    expect(page.get_by_label("Contact mail")).to_have_value("email")
    expect(page.locator("#rows-matching")).to_have_text("1")
    matches = page.locator("#matching-rows")
    expect(matches).to_contain_text("même e-mail")
    expect(matches.get_by_role("link", name="Garage Dupont SA")).to_have_attribute(
        "href", f"/clients/{dupont.pk}/"
    )
    assert ImportMapping.objects.get().columns["contact mail"] == "email"
    expect(
        page.get_by_label("compléter la fiche existante (champs vides, nouveaux")
    ).to_be_checked()

    # When the person chooses to leave known records alone and imports
    page.get_by_label("ignorer ces lignes").check()
    page.get_by_role("button", name="Importer les 2 lignes valides").click()

    # Then the progress page sums it up and gives the rejects to download
    expect(page.locator("main")).to_contain_text("lignes ignorées : 1")
    download_link = page.get_by_role("link", name="Ouvrir le résultat")
    expect(download_link).to_be_visible()
    with page.expect_download() as download:
        download_link.click()
    rejects = download.value.path().read_bytes().decode("utf-8-sig")
    assert "Mauvais SIREN" in rejects
    assert Organisation.objects.get(siren="732829320").emails.get().address == "contact@martin.fr"
    assert Organisation.objects.count() == 2  # the garage was not duplicated

    # And next time, the template is offered on the first step
    page.goto("/clients/import/")
    page.get_by_label("Modèle de correspondance").select_option(label="Salon de Lyon")
    page.locator("input[name=file]").set_input_files(str(source))
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.get_by_label("Contact mail")).to_have_value("email")
