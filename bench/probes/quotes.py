"""Timings of a long quote inside one Django process (`comptoir shell -c`): a quote of 500
item lines (with sections and subtotals, as a long equipment proposal has) created through
the sales services, which total it, then its PDF rendered by WeasyPrint."""

import json
import time
from decimal import Decimal

from bench.load import summarize
from comptoir.core.audit import acting_as
from comptoir.core.models import User
from comptoir.parties.models import Organisation
from comptoir.sales import services
from comptoir.sales.quote_pdf import quote_pdf

LINES = 500
RUNS = 5


def lines() -> list[dict]:
    found = []
    for n in range(LINES):
        if n % 50 == 0:
            found.append({"kind": "section", "label": f"Lot {n // 50 + 1}"})
        found.append(
            {
                "kind": "item",
                "label": f"Article {n} — armoire inox, pose comprise",
                "quantity": Decimal(n % 7 + 1),
                "unit": "unit",
                "unit_price": Decimal(f"{n + 10}.25"),
                "discount_percent": Decimal(n % 3 * 5),
            }
        )
        if n % 50 == 49:
            found.append({"kind": "subtotal", "label": "Sous-total"})
    return found


def main() -> None:
    user = User.objects.get(username="adv")  # the demo's sales administration assistant
    customer = Organisation.objects.filter(is_client=True).order_by("pk").first()
    totals, pdfs, both = [], [], []
    with acting_as(user):
        for _run in range(RUNS):
            started = time.perf_counter()
            quote = services.quote_create(by=user, customer=customer, lines=lines())
            made = time.perf_counter()
            pdf = quote_pdf(quote)
            done = time.perf_counter()
            if not pdf.startswith(b"%PDF"):
                raise SystemExit("the quote's PDF is not a PDF")
            totals.append(made - started)
            pdfs.append(done - made)
            both.append(done - started)
    print(
        json.dumps(
            [
                {
                    "name": "quote_500_lines",
                    "description": "a 500-line quote created and totalled by the services, "
                    "then its PDF rendered (WeasyPrint)",
                    **summarize(both, errors=0, unanswered=0, duration_s=sum(both)),
                    "p50_ms_total": round(sorted(totals)[RUNS // 2] * 1000, 1),
                    "p50_ms_pdf": round(sorted(pdfs)[RUNS // 2] * 1000, 1),
                }
            ]
        )
    )
