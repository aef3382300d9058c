"""HTTP throughput: requests per second and latency percentiles of the signed-in home page
and of the health check, with concurrent clients against the production server.

The home page is rendered for a user of the "direction" role, whose page is the fullest
(recent audit entries, the users-per-role chart). The health check is what a load balancer
polls; it must stay cheap. When /api/v1/health does not exist yet the scenario is recorded
as skipped rather than measured against a 404.
"""

from bench import harness

DESCRIPTION = (
    "Requests/s and p50/p95/p99 latency of the signed-in home page `/` and of "
    "`/api/v1/health`, N concurrent keep-alive clients against `comptoir serve`."
)

SCENARIOS = (
    ("home", "/", True, "home page `/`, signed in (role direction)"),
    ("health", "/api/v1/health", False, "health check `/api/v1/health`, anonymous"),
)


def run(site: harness.Site, options: harness.Options) -> list[dict]:
    scenarios = []
    with site.serve(workers=options.workers) as server:
        cookie = server.login()
        for name, path, signed_in, description in SCENARIOS:
            headers = {"Cookie": cookie} if signed_in else {}
            status, _, _ = harness.http_get(server.port, path, headers=headers)
            if status != 200:
                print(f"  {name}: {path} answers {status}, scenario skipped", flush=True)
                continue
            print(f"  {name}: {options.duration_s:g} s with {options.clients} clients…", flush=True)
            figures = harness.run_load(
                port=server.port,
                path=path,
                clients=options.clients,
                duration_s=options.duration_s,
                warmup_s=options.warmup_s,
                max_requests=options.max_requests,
                headers=headers,
            )
            scenarios.append({"name": name, "description": description, "path": path, **figures})
        options.notes.append(
            f"server: {' '.join(server.command[1:])}".replace(f":{server.port}", ":<port>")
        )
    return scenarios
