"""A long quote: 500 item lines totalled and rendered to PDF (bench/probes/quotes.py), in one
process on the demo company, five times. `--size` is not used."""

import json

from bench import harness

DESCRIPTION = "A quote of 500 lines: totals and PDF (WeasyPrint), five runs."
TARGETS = {"quote_500_lines": "< 3 s"}


def run(site: harness.Site, options: harness.Options) -> list[dict]:
    output = site.comptoir(
        "shell", "--no-imports", "-c", "from bench.probes.quotes import main; main()", timeout=1800
    )
    scenarios = json.loads(output.strip().splitlines()[-1])
    for scenario in scenarios:
        scenario.setdefault("target", TARGETS.get(scenario["name"]))
    return scenarios
