"""Issue 3 journey: the administrator reviews probable duplicates and merges two records."""

from playwright.sync_api import expect

from comptoir.parties.models import Email, Organisation, Party


def test_merge_two_duplicates(e2e_users, log_in):
    keep = Organisation.objects.create(
        kind="organisation", name="Garage Dupont", legal_name="Garage Dupont", siren="552100554"
    )
    other = Organisation.objects.create(
        kind="organisation",
        name="GARAGE DUPONT SARL",
        legal_name="GARAGE DUPONT SARL",
        siren="552100554",
    )
    Email.objects.create(party=other, address="atelier@garage-dupont.fr")
    page = log_in("administrateur")

    # The scan runs in the worker (here, at once): the administrator starts it from the
    # data-quality page, then the page links to its result.
    page.goto("/clients/qualite/")
    expect(page.locator("#quality-duplicates")).to_contain_text("pas encore analysé")
    page.get_by_role("button", name="Lancer l'analyse").click()
    expect(page.locator("#task-progress")).to_contain_text("1 groupe de doublons probables")
    page.goto("/clients/qualite/")
    page.get_by_role("link", name="Examiner 1 groupe").click()
    group = page.locator("form[data-group]")
    expect(group).to_contain_text("GARAGE DUPONT SARL")
    group.locator(f"#keep-{keep.pk}").check()
    page.once("dialog", lambda dialog: dialog.accept())  # the confirmation
    group.locator("button[type=submit]").click()

    expect(page.locator(".alert-success")).to_contain_text("Garage Dupont")
    expect(page.locator(".empty-state")).to_contain_text("Aucun doublon probable")
    assert list(Party.objects.values_list("pk", flat=True)) == [keep.pk]
    assert keep.emails.get().address == "atelier@garage-dupont.fr"
