"""Timed queries on the generated client base (bench/benchmarks/parties.py). Prints one JSON
line: the scenarios, with bench.load.summarize() figures."""

import json
import random
import time

from django.db import connection
from django.db.models import F
from django.test import Client

from bench.load import summarize
from comptoir.core.models import User
from comptoir.parties.duplicates import scan
from comptoir.parties.models import Party
from comptoir.parties.queries import find_by_phone, party_list, search_parties
from comptoir.parties.queries.parties import _cursor

SEED = 7


def spread(rng: random.Random) -> None:
    """What an imported base does not have yet but a real one does: clients among the
    prospects, account managers, key accounts, a last interaction date. Set-based updates
    on every fifth/seventh/… party, so the filters below select realistic shares."""
    owner = User.objects.get(username="bench")
    Party.objects.annotate(m=F("id") % 5).filter(m=0).update(is_client=True, is_prospect=False)
    Party.objects.annotate(m=F("id") % 7).filter(m=0).update(owner=owner)
    Party.objects.annotate(m=F("id") % 50).filter(m=0).update(is_key_account=True)
    Party.objects.annotate(m=F("id") % 3).filter(m=0).update(last_interaction_at=F("created_at"))


def timed(calls) -> dict:
    latencies, started = [], time.perf_counter()
    for call in calls:
        begin = time.perf_counter()
        call()
        latencies.append(time.perf_counter() - begin)
    return summarize(latencies, errors=0, unanswered=0, duration_s=time.perf_counter() - started)


def main(sample_path: str) -> None:
    with open(sample_path, encoding="utf-8") as handle:
        sample = json.load(handle)
    rng = random.Random(SEED)
    spread(rng)
    if connection.vendor == "postgresql":
        # spread() rewrote a million rows: vacuum now rather than let autovacuum compete
        # with the measurements on this two-core machine.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    user = User.objects.get(username="bench")
    scenarios = []

    # Screen pop: numbers as the telephony sends them or as typed, a third unknown.
    numbers = [*sample["phones"]] * 3 + [f"04 99 {i:02d} {i:02d} 00" for i in range(50)]
    rng.shuffle(numbers)
    numbers = numbers[:3000]
    # Warm-up over every number once: a contact center looks numbers up all day long, so
    # the phone index lives in the database's cache (PostgreSQL's shared_buffers); the
    # figure is that of a hot index, not of the first call after a restart.
    timed([lambda n=n: find_by_phone(n) for n in set(numbers)])
    figures = timed([lambda n=n: find_by_phone(n) for n in numbers])
    scenarios.append(
        {
            "name": "find_by_phone",
            "description": "parties.queries.find_by_phone(any format), known and unknown numbers",
            **figures,
        }
    )

    # Search as you type: what people type in the top bar, words cut short included.
    queries = []
    for name in sample["names"][:60]:
        queries += [name[:4].lower(), name.lower()]
    for city in sample["cities"]:
        queries.append(city[:5])
    for phone in sample["phones"][:60]:
        digits = phone.replace(" ", "").replace(".", "")
        queries.append(phone[:8] if phone[0] == "0" else digits)
    queries += sample["sirens"][:40]
    queries += [f"{n} rue" for n in ("martin", "dubois", "boulangerie")]
    queries += ["transports mar", "garage du", "pharmacie b", "contact12", "jean dupont"]
    rng.shuffle(queries)
    timed([lambda q=q: search_parties(user=user, query=q) for q in queries[:50]])
    figures = timed([lambda q=q: search_parties(user=user, query=q) for q in queries])
    scenarios.append(
        {
            "name": "search",
            "description": "search_parties (top bar): name prefixes, cities, phone digits, "
            "SIREN, several words; 10 results",
            **figures,
        }
    )

    # Filtered list pages, rendered by the view (templates included), keyset's last page too.
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    last_page = party_list(user=user, filters={"kind": "organisation"}).reverse()[50:51]
    cursor = _cursor("name", last_page[0]) if last_page else ""
    pages = [
        "/clients/organisations/?role=client&city=lyon",
        "/clients/organisations/?sector=BTP&owner=me",
        "/clients/organisations/?key_account=1&sort=-last_interaction_at",
        "/clients/organisations/?q=martin&city=saint etienne",
        "/clients/personnes/?city=paris&sort=-created_at",
        "/clients/personnes/?role=prospect&owner=me",
        "/clients/personnes/",
        f"/clients/organisations/?kind=organisation&after={cursor}",
    ]
    for url in pages:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    figures = timed([lambda u=u: client.get(u) for u in pages * 25])
    per_page = {url: timed([lambda u=url: client.get(u)] * 5)["p50_ms"] for url in pages}
    scenarios.append(
        {
            "name": "list_filtered",
            "p50_ms_per_page": per_page,
            "description": "list pages with filters (role, city, sector, owner, key account, "
            "name, sorts, the last keyset page), full Django view and template",
            **figures,
        }
    )

    started = time.perf_counter()
    groups = scan()
    seconds = time.perf_counter() - started
    scenarios.append(
        {
            "name": "duplicate_scan",
            "description": f"parties.duplicates.scan() over the whole base ({len(groups)} groups)",
            "requests": 1,
            "errors": 0,
            "duration_s": round(seconds, 3),
            "rps": None,
            "p50_ms": None,
            "p95_ms": None,
            "p99_ms": None,
            "max_ms": round(seconds * 1000, 2),
        }
    )
    print(json.dumps(scenarios))
