"""Issue 4 journey (contracts): the sales administration assistant makes a maintenance
contract from a template, sees the signature refused for a missing mandatory clause, adds
it, signs, and finds the numbered contract, its billing schedule and its PDF."""

import io
import re

from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from comptoir.sales.models import Contract
from tests.parties.factories import OrganisationFactory
from tests.sales.factories import template_with_clauses


def test_contract_from_template_refused_then_signed(e2e_users, log_in):
    # Given a maintenance template lacking its liability clause, and a customer
    template_with_clauses("maintenance", leave_out=("liability",), name="Maintenance des fours")
    OrganisationFactory(legal_name="Boulangerie Roux", name="Boulangerie Roux", is_client=True)
    page = log_in("adv")

    # When a contract is made from the template for that customer
    page.locator("#main-menu").get_by_role("link", name="Contrats").click()
    expect(page.locator("h1")).to_have_text("Contrats")
    page.get_by_role("link", name="Nouveau contrat").click()
    form = page.locator("main form")
    form.get_by_label("Modèle").select_option(label="Maintenance des fours")
    picker = form.get_by_role("combobox", name="Client", exact=True)
    picker.fill("Boulan")
    expect(form.get_by_role("option", name="Boulangerie Roux")).to_be_visible()
    picker.press("ArrowDown")
    picker.press("Enter")
    expect(form.locator("input[type=hidden][name=customer]")).not_to_have_value("")
    start = timezone.localdate().replace(day=1)
    form.locator("input[name=start_date]").fill(start.isoformat())
    form.locator("input[name=price]").fill("2400")
    form.get_by_label("Périodicité de facturation").select_option(label="Trimestrielle")
    form.locator("button[type=submit]").first.click()
    expect(page.locator("h1")).to_contain_text("Brouillon n°")
    expect(page.locator('[data-clause-check="liability"]')).to_have_attribute("data-present", "0")

    # Then signing is refused, naming the missing clause
    page.locator("#sign button[type=submit]").click()
    expect(page.locator(".alert-danger")).to_contain_text("Responsabilité et assurances")
    expect(page.locator("h1")).to_contain_text("Brouillon n°")

    # When the clause is added, the contract can be signed
    clause = page.locator("#clause-add")
    clause.get_by_label("Clause").select_option(label="Responsabilité et assurances")
    clause.get_by_label("Texte").fill(
        "La responsabilité du prestataire est limitée au prix annuel."
    )
    clause.locator("button[type=submit]").click()
    expect(page.locator('[data-clause-check="liability"]')).to_have_attribute("data-present", "1")
    page.locator("#sign input[name=signatory]").fill("Mme Roux")
    page.locator("#sign input[name=signed_on]").fill(start.isoformat())
    page.locator("#sign button[type=submit]").click()

    # Then it has its number, its status and its quarterly schedule
    number = f"CT-{start.year}-00001"
    expect(page.locator("h1")).to_contain_text(number)
    expect(page.locator("main")).to_contain_text("En vigueur")
    expect(page.locator("#schedule tr[data-due]").first).to_contain_text("EUR")
    # Billed by calendar quarter: a year started mid-quarter has a short first and last one.
    quarters = 4 if start.month in (1, 4, 7, 10) else 5
    expect(page.locator("#schedule tr[data-due]")).to_have_count(quarters)

    # And its signed PDF downloads, with the number, the customer and the added clause
    href = page.locator("a[data-download=pdf]").get_attribute("href")
    response = page.request.get(href)
    assert response.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert number in text and "Boulangerie Roux" in text
    assert "limitée au prix annuel" in text
    assert Contract.objects.get().signed_document is not None
    expect(page).to_have_url(re.compile(r"/ventes/contrats/\d+/$"))
