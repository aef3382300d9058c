"""What the quote PDF says: sections and their subtotals, the totals per tax rate, the seller's
legal mentions, page numbers, and the discount and tax columns only when a line needs them."""

from decimal import Decimal
from io import BytesIO

from pypdf import PdfReader

from comptoir.core.models import TaxRate
from comptoir.core.taxes import tax_rates_install_presets
from comptoir.sales.quote_pdf import quote_pdf
from tests.sales.factories import item, quote_for


def pdf_text(pdf: bytes) -> tuple[str, int]:
    pages = PdfReader(BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split()), len(pages)


def test_sections_subtotals_totals_and_legal_mentions(users, company):
    # given a quote in two sections, each closed by its subtotal
    lines = [
        {"kind": "section", "label": "Matériel de cuisson"},
        item("Four mixte 10 niveaux", "1", "9800"),
        item("Hotte inox 3 m", "2", "1250.50"),
        {"kind": "subtotal", "label": "Sous-total matériel"},
        {"kind": "section", "label": "Prestations"},
        item("Pose et mise en service", "1", "320", unit="package"),
        {"kind": "subtotal", "label": ""},
    ]
    quote = quote_for(users["adv"], lines=lines)

    # when its PDF is printed
    text, pages = pdf_text(quote_pdf(quote))

    # then the sections, the lines with quantity and unit, and each subtotal are there
    assert "Matériel de cuisson" in text and "Prestations" in text
    assert "Hotte inox 3 m 2 u 1 250,50 2 501,00 €" in text.replace("\u202f", " ")
    assert "Pose et mise en service 1 forfait" in text
    assert "Sous-total matériel 12 301,00 €" in text.replace("\u202f", " ")
    assert "Sous-total 320,00 €" in text.replace("\u202f", " ")  # the default label
    # the totals with the tax per rate
    assert "Taxe 20 % sur 12 621,00 €" in text.replace("\u202f", " ").replace("\xa0", " ")
    assert "Total TTC 15 145,20 €" in text.replace("\u202f", " ")
    # the seller's identity, on every page, and the mentions a quote owes its customer
    assert "Atelier Durand SARL" in text and "SIREN 732829320" in text
    assert "40 euros" in text and "Bon pour accord" in text
    assert f"Page {pages} / {pages}" in text
    # one rate and no discount: neither column is printed
    assert "Rem." not in text and "Taxe Total HT" not in text


def test_the_discount_and_tax_columns_when_a_line_needs_them(users, company):
    tax_rates_install_presets(country="FR")
    reduced = TaxRate.objects.get(country="FR", code="fr-5-5")
    lines = [
        item("Armoire inox", "1", "1000", discount_percent=Decimal("10")),
        item("Livre de recettes", "2", "25", tax_rate=reduced),
    ]
    text, _pages = pdf_text(quote_pdf(quote_for(users["adv"], lines=lines)))
    assert "Qté Prix unitaire HT Rem. Taxe Total HT" in text
    assert "Armoire inox 1 u 1 000,00 10 % 20 % 900,00 €" in text.replace("\u202f", " ").replace(
        "\xa0", " "
    )
    assert "Taxe 5,5 % sur 50,00 €" in text.replace("\u202f", " ").replace("\xa0", " ")


def test_a_long_quote_repeats_the_table_header_on_every_page(users, company):
    lines = [{"kind": "section", "label": "Lot 1"}]
    lines += [item(f"Article {n}", "1", "10") for n in range(120)]
    lines.append({"kind": "subtotal", "label": "Sous-total lot 1"})
    pdf = quote_pdf(quote_for(users["adv"], lines=lines))
    pages = PdfReader(BytesIO(pdf)).pages
    assert len(pages) > 2
    for number, page in enumerate(pages, start=1):
        text = " ".join(page.extract_text().split())
        assert "Désignation" in text, number
        assert f"Page {number} / {len(pages)}" in text
    assert "Sous-total lot 1 1 200,00 €" in " ".join(pages[-1].extract_text().split()).replace(
        "\u202f", " "
    )


def test_the_legal_footer_prints_the_company_name_as_typed(users, company):
    company.legal_name = "L'Atelier Saint-Jean & Fils"
    company.save()
    text, _pages = pdf_text(quote_pdf(quote_for(users["adv"])))
    assert "L'Atelier Saint-Jean & Fils · SARL" in text  # escapejs printed « Saintu002DJean »
