"""`python -m bench NAME --size N [--db sqlite|postgres|both] [--duration S] [--clients C]`.

For each database: a fresh base, `comptoir migrate`, the demo data and the bench user, the
benchmark itself, then bench/results/<name>-<db>.json; at the end the table of
bench/README.md is rebuilt from every result file.
"""

import argparse
import sys
import traceback

from bench import harness
from bench.benchmarks import BENCHMARKS


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("name", nargs="?", choices=sorted(BENCHMARKS), help="benchmark to run")
    parser.add_argument("--size", type=int, default=1, help="scale of the generated data")
    parser.add_argument("--db", choices=(*harness.DATABASES, "both"), default="both")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per scenario")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before measuring")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
    parser.add_argument(
        "--max-requests", type=int, default=100_000, help="per scenario, whichever comes first"
    )
    parser.add_argument("--workers", type=int, default=None, help="web workers of the server")
    parser.add_argument(
        "--repeat",
        type=int,
        default=harness.REPEAT,
        help="runs of a timed step (the parties import), each from the same base; the median "
        "is reported",
    )
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    parser.add_argument(
        "--readme-only", action="store_true", help="only rebuild the README table from results"
    )
    args = parser.parse_args(argv)
    if not (args.list or args.readme_only or args.name):
        parser.error("name a benchmark (or --list)")
    if (
        args.size < 1
        or args.clients < 1
        or args.repeat < 1
        or args.duration <= 0
        or args.warmup < 0
    ):
        parser.error("--size, --clients and --repeat must be at least 1, --duration positive")
    return args


def run_one(name: str, db: str, args) -> dict:
    module = BENCHMARKS[name]
    options = harness.Options(
        size=args.size,
        clients=args.clients,
        duration_s=args.duration,
        warmup_s=args.warmup,
        max_requests=args.max_requests,
        workers=args.workers,
        repeat=args.repeat,
    )
    print(f"{name} on {db}: preparing a fresh database…", flush=True)
    with harness.fresh_site(db, size=args.size) as site:
        if hasattr(module, "prepare"):
            module.prepare(site, options)
        scenarios = module.run(site, options)
        document = harness.result_document(
            benchmark=name,
            db=db,
            database=site.database,
            size=args.size,
            parameters=options.parameters(),
            scenarios=scenarios,
        )
    path = harness.write_result(document)
    for scenario in scenarios:
        print(
            f"  {scenario['name']}: {scenario['rps']} req/s, p50 {scenario['p50_ms']} ms, "
            f"p95 {scenario['p95_ms']} ms, p99 {scenario['p99_ms']} ms, "
            f"{scenario['errors']} errors / {scenario['requests']}",
            flush=True,
        )
    print(f"  -> {path.relative_to(harness.REPO)}", flush=True)
    return document


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.list:
        for name, module in sorted(BENCHMARKS.items()):
            print(f"{name}: {module.DESCRIPTION}")
        return 0
    failed = []
    if not args.readme_only:
        databases = harness.DATABASES if args.db == "both" else (args.db,)
        for db in databases:
            try:
                run_one(args.name, db, args)
            except harness.BenchError as error:
                print(f"{args.name} on {db} failed: {error}", file=sys.stderr, flush=True)
                failed.append(db)
            except Exception:  # one database failing must not cost the other one its run
                traceback.print_exc()
                failed.append(db)
    harness.update_readme()
    print("bench/README.md table rebuilt.", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
