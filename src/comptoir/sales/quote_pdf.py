"""A quote as a PDF (WeasyPrint, from sales/quote_pdf.html): the company's identity and
logo, the customer, the lines with sections and subtotals, totals per tax rate and the
mentions French law asks of a quote. The lines are read in one query, whatever their count.
"""

from django.template.loader import render_to_string
from django.utils import translation

from comptoir.core.models import Company
from comptoir.core.pdf import logo_data_uri, render_pdf
from comptoir.parties.models import Address
from comptoir.sales.queries import document_lines
from comptoir.sales.totals import document_totals


def document_context(document, lines) -> dict:
    """What the PDF and the page of a quote or an order show: lines with their subtotals,
    totals per rate, the company and the customer's address."""
    company = Company.current()
    totals = document_totals(
        lines, currency=document.currency, discount_percent=document.discount_percent
    )
    rows = []
    shade = False  # the PDF shades every other item row, from each section's first
    for index, line in enumerate(lines):
        rows.append({"line": line, "subtotal": totals.subtotals.get(index), "shaded": shade})
        shade = not shade if line.kind == "item" else False
    address = (
        Address.objects.filter(party_id=document.customer_id).order_by("-is_default", "id").first()
    )
    customer = document.customer
    organisation = (
        getattr(customer, "organisation", None) if customer.kind == "organisation" else None
    )
    mentions = sorted(
        {
            line.tax_rate.exemption_mention
            for line in lines
            if line.tax_rate_id and line.tax_rate.exemption_mention
        }
    )
    has_discount = any(line.kind == "item" and line.discount_percent for line in lines)
    mixed_rates = len(totals.rates) > 1
    return {
        "document": document,
        # the PDF prints the discount and tax columns only when a line needs them
        "has_discount": has_discount,
        "mixed_rates": mixed_rates,
        "columns": 4 + has_discount + mixed_rates,
        "rows": rows,
        "totals": totals,
        "company": company,
        "bank_account": company.bank_accounts.filter(is_default=True).first() if company else None,
        "customer": customer,
        "organisation": organisation,
        "address": address,
        "exemption_mentions": mentions,
    }


def quote_pdf(quote) -> bytes:
    context = document_context(quote, document_lines(quote))
    context["quote"] = quote
    context["logo"] = logo_data_uri(context["company"])
    language = getattr(context["company"], "language", "fr") or "fr"
    with translation.override(language):
        html = render_to_string("sales/quote_pdf.html", context)
    return render_pdf(html)


def quote_pdf_filename(quote) -> str:
    reference = quote.reference if quote.number else f"brouillon-{quote.pk}"
    return f"devis-{reference}.pdf".replace(" ", "-").replace("°", "")
