"""`comptoir duplicates scan [--json]`: the probable duplicate groups of the client base."""

import json
import time

from django.core.management.base import BaseCommand

from comptoir.parties.duplicates import scan
from comptoir.parties.models import Party


class Command(BaseCommand):
    help = "Finds probable duplicates (same SIREN, e-mail or phone; close names in one city)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["scan"])
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print the groups as JSON."
        )

    def handle(self, *args, action, as_json: bool = False, **options):
        started = time.perf_counter()
        groups = scan()
        elapsed = time.perf_counter() - started
        if as_json:
            data = [group.as_dict() for group in groups]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        names = dict(
            Party.objects.filter(pk__in={i for g in groups for i in g.party_ids}).values_list(
                "pk", "name"
            )
        )
        for group in groups:
            reasons = ", ".join(sorted({e.reason for e in group.evidence}))
            members = " | ".join(f"{names.get(i, '?')} (#{i})" for i in group.party_ids)
            self.stdout.write(f"[{group.score:3d}] {reasons:<18} {members}")
        self.stdout.write(
            f"{len(groups)} groupe(s) de doublons probables trouvé(s) en {elapsed:.1f} s."
        )
