"""Code a benchmark runs inside a Comptoir process (`comptoir shell -c …`), with Django set up
against the benchmark's database."""
