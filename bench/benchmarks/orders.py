"""Orders at scale: `--size` orders (200,000 for the issue's target) written in bulk
(core.bulk) over three years for the demo's customers, then the order list page filtered by
status, customer and dates, timed server-side (Django's test client in one process, the
view and its template included; bench/probes/orders.py)."""

import json
import time

from bench import harness

DESCRIPTION = "Order list at --size orders: filtered pages (status, customer, dates) p95."
TARGETS = {"order_list_filtered": "p95 < 200 ms"}


def prepare(site: harness.Site, options: harness.Options) -> None:
    started = time.perf_counter()
    output = site.comptoir(
        "shell",
        "--no-imports",
        "-c",
        f"from bench.probes.orders import generate; generate({int(options.size)})",
        timeout=3600,
    )
    print(f"  generated in {time.perf_counter() - started:.1f} s: {output.strip()}", flush=True)


def run(site: harness.Site, options: harness.Options) -> list[dict]:
    output = site.comptoir(
        "shell", "--no-imports", "-c", "from bench.probes.orders import main; main()", timeout=3600
    )
    scenarios = json.loads(output.strip().splitlines()[-1])
    for scenario in scenarios:
        scenario.setdefault("target", TARGETS.get(scenario["name"]))
    return scenarios
