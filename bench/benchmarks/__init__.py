"""The registry of benchmarks: one module each, and one line here.

A benchmark module has
- DESCRIPTION: one sentence, what it measures (shown by `python -m bench --list`);
- run(site, options) -> list of scenario dicts (bench.load.summarize() figures plus "name"
  and "description"). `site` is a bench.harness.Site: a fresh, migrated database holding the
  demo company and the bench user; `site.serve()` starts `comptoir serve` on it. `options`
  is a bench.harness.Options (size, clients, duration_s, warmup_s, max_requests, workers).
- prepare(site, options), optional: generates the data that --size scales, before run().
"""

from bench.benchmarks import http, orders, parties, quotes

BENCHMARKS = {
    "http": http,
    "parties": parties,
    "orders": orders,
    "quotes": quotes,
}
