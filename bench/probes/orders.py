"""Orders at scale (bench/benchmarks/orders.py): `generate` writes `size` orders in bulk,
`main` times the order list page filtered as people filter it. Each prints one JSON line."""

import datetime
import json
import random
import time
from decimal import Decimal

from django.db import transaction
from django.test import Client
from django.utils import timezone

from bench.load import summarize
from comptoir.core import bulk
from comptoir.core.models import User
from comptoir.parties.models import Organisation
from comptoir.sales.models import Order

SEED = 11
CHUNK = 2000
# Old orders are delivered and invoiced; the last weeks' are still moving.
OLD = (("invoiced", 70), ("delivered", 15), ("cancelled", 5), ("partly_delivered", 10))
RECENT = (("confirmed", 40), ("in_preparation", 30), ("partly_delivered", 20), ("draft", 10))


def _status(rng: random.Random, age_days: int) -> str:
    statuses, weights = zip(*(RECENT if age_days < 30 else OLD), strict=True)
    return rng.choices(statuses, weights=weights)[0]


def generate(size: int) -> None:
    """`size` orders over three years for the demo's customers, written in chunks through
    core.bulk (one prepared INSERT per chunk, no signal), numbered CO-<year>-<n> per year."""
    rng = random.Random(SEED)
    customers = list(Organisation.objects.values_list("pk", flat=True))
    owners = list(
        User.objects.filter(groups__name__in=["adv", "charge_clientele"]).values_list(
            "pk", flat=True
        )
    )
    today = timezone.localdate()
    started = time.perf_counter()
    days = sorted(today - datetime.timedelta(days=rng.randrange(0, 3 * 365)) for _ in range(size))
    counters: dict[int, int] = {}
    writer = bulk.BulkInsert(
        Order,
        [
            "id",
            "number",
            "customer_id",
            "owner_id",
            "status",
            "order_date",
            "currency",
            "total_net",
            "total_tax",
            "total",
            "lines_net",
            "customer_reference",
        ],
    )
    with transaction.atomic():
        ids = bulk.reserve_ids(Order, size)
        rows = []
        for pk, day in zip(ids, days, strict=True):
            status = _status(rng, (today - day).days)
            number = ""
            if status != "draft":
                counters[day.year] = counters.get(day.year, 0) + 1
                number = f"CO-{day.year}-{counters[day.year] + 1000:06d}"
            net = Decimal(rng.randrange(20_000, 5_000_000)) / 100
            tax = (net * Decimal("0.2")).quantize(Decimal("0.01"))
            rows.append(
                (
                    pk,
                    number,
                    rng.choice(customers),
                    rng.choice(owners),
                    status,
                    day,
                    "EUR",
                    int(net * 100),
                    int(tax * 100),
                    int((net + tax) * 100),
                    int(net * 100),
                    f"BC-{rng.randrange(10000, 99999)}" if rng.random() < 0.4 else "",
                )
            )
            if len(rows) == CHUNK:
                writer.run(rows)
                rows = []
        writer.run(rows)
    bulk.analyze(Order)
    print(json.dumps({"orders": size, "seconds": round(time.perf_counter() - started, 1)}))


def timed(calls) -> dict:
    latencies, started = [], time.perf_counter()
    for call in calls:
        begin = time.perf_counter()
        call()
        latencies.append(time.perf_counter() - begin)
    return summarize(latencies, errors=0, unanswered=0, duration_s=time.perf_counter() - started)


def main() -> None:
    rng = random.Random(SEED)
    user = User.objects.get(username="bench")
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    customers = list(Order.objects.values_list("customer_id", flat=True).distinct()[:200])
    today = timezone.localdate()
    month_ago = (today - datetime.timedelta(days=30)).isoformat()
    year_ago = (today - datetime.timedelta(days=365)).isoformat()
    last_quarter = (today - datetime.timedelta(days=90)).isoformat()
    customer = rng.choice(customers)
    other = rng.choice(customers)
    pages = [
        "/ventes/commandes/?status=confirmed",
        "/ventes/commandes/?status=partly_delivered",
        "/ventes/commandes/?status=invoiced",
        f"/ventes/commandes/?customer={customer}",
        f"/ventes/commandes/?date_from={month_ago}",
        f"/ventes/commandes/?date_from={year_ago}&date_to={last_quarter}",
        f"/ventes/commandes/?status=invoiced&customer={other}",
        f"/ventes/commandes/?status=in_preparation&date_from={month_ago}",
        f"/ventes/commandes/?customer={customer}&date_from={year_ago}",
        f"/ventes/commandes/?status=delivered&customer={other}&date_from={year_ago}&date_to={today}",
        "/ventes/commandes/",
    ]
    for url in pages:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    figures = timed([lambda u=u: client.get(u) for u in pages * 20])
    per_page = {url: timed([lambda u=url: client.get(u)] * 5)["p50_ms"] for url in pages}
    print(
        json.dumps(
            [
                {
                    "name": "order_list_filtered",
                    "p50_ms_per_page": per_page,
                    "description": "order list pages filtered by status, customer and dates "
                    "(alone and combined), full Django view and template",
                    **figures,
                }
            ]
        )
    )
