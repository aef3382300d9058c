"""A quote of 500 lines totals and renders its PDF with a fixed number of queries (no query
per line). Its time (3 s) is measured by `python -m bench quotes`, not here."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from comptoir.sales.quote_pdf import quote_pdf
from tests.sales.factories import item, quote_for


def test_a_quote_of_500_lines(users):
    lines = []
    for n in range(500):
        if n % 50 == 0:
            lines.append({"kind": "section", "label": f"Lot {n // 50 + 1}"})
        lines.append(item(f"Article {n}", str(n % 7 + 1), f"{n + 10}.25"))
        if n % 50 == 49:
            lines.append({"kind": "subtotal", "label": "Sous-total"})
    quote = quote_for(users["adv"], lines=lines)
    with CaptureQueriesContext(connection) as queries:
        pdf = quote_pdf(quote)
    assert pdf.startswith(b"%PDF")
    assert len(queries) < 10
    quote.refresh_from_db()
    assert quote.lines.count() == 520
    assert quote.total == quote.total_net + quote.total_tax and quote.total_net > Decimal(0)
