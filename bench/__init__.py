"""Scale benchmarks of Comptoir: `python -m bench NAME --size N [--db sqlite|postgres|both]`.

Never part of the test run (pytest only collects tests/). See bench/README.md.
"""
