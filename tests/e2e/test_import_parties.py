"""Issue 3 journey: import a file with a bad row, follow the progress, download the rejects."""

from playwright.sync_api import expect

from comptoir.parties.models import Organisation

FILE = (
    "Raison sociale;SIREN;Téléphone\n"
    "Boulangerie Martin;732 829 320;04 78 95 02 13\n"
    "Mauvais SIREN;123456789;\n"
).encode("cp1252")


def test_import_a_file_with_rejects_and_download_them(e2e_users, log_in, tmp_path):
    page = log_in("administrateur")
    source = tmp_path / "clients.csv"
    source.write_bytes(FILE)

    page.goto("/clients/organisations/")
    page.get_by_role("link", name="Importer un fichier").click()
    page.locator("input[name=file]").set_input_files(str(source))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#rows-valid")).to_have_text("1")
    expect(page.locator("#rejected-rows")).to_contain_text("123456789")

    page.locator("main form[action*='/lancer/'] button[type=submit]").click()
    download_link = page.get_by_role("link", name="Récupérer le résultat")
    expect(download_link).to_be_visible()
    with page.expect_download() as download:
        download_link.click()
    rejects = download.value.path().read_bytes().decode("utf-8-sig")
    assert "Mauvais SIREN" in rejects
    assert Organisation.objects.get().name == "Boulangerie Martin"
