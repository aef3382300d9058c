"""Demo exchange rates of the last six months (`comptoir demo`): USD, GBP, CHF and MAD, one
rate per working day, drifting smoothly from a plausible level. XPF and XOF need none: their
parity with the euro is fixed (trade.queries.FIXED_PARITIES)."""

import math
from datetime import timedelta
from decimal import Decimal

from comptoir.trade.choices import RateSource
from comptoir.trade.models import ExchangeRate

LEVELS = {
    "USD": Decimal("1.0850"),
    "GBP": Decimal("0.8420"),
    "CHF": Decimal("0.9380"),
    "MAD": Decimal("10.8600"),
}


def load(ctx) -> None:
    if ExchangeRate.objects.exists():
        ctx.note("Taux de change : déjà présents, laissés tels quels")
        return
    rows = []
    for index in range(183):
        day = ctx.today - timedelta(days=index)
        if day.weekday() >= 5:
            continue  # the ECB publishes on working days
        for offset, (code, level) in enumerate(LEVELS.items()):
            drift = Decimal(str(round(math.sin(index / 17 + offset) * 0.015, 6)))
            rate = (level * (1 + drift)).quantize(Decimal("0.0001"))
            rows.append(ExchangeRate(currency_id=code, date=day, rate=rate, source=RateSource.ECB))
    ExchangeRate.objects.bulk_create(rows, batch_size=500)
    ctx.note(f"Taux de change : {len(rows)} cours BCE sur six mois (USD, GBP, CHF, MAD)")
