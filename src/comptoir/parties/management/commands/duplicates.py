"""`comptoir duplicates scan [--json]`: the probable duplicate groups of the client base,
printed and stored as the latest scan (the review screen shows it)."""

import json
import time

from django.core.management.base import BaseCommand

from comptoir.parties.models import Party
from comptoir.parties.services import duplicates_scan_store


class Command(BaseCommand):
    help = "Finds probable duplicates (same SIREN, e-mail or phone; close names in one city)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["scan"])
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print the groups as JSON."
        )

    def handle(self, *args, action, as_json: bool = False, **options):
        started = time.perf_counter()
        stored = duplicates_scan_store()
        groups = stored.found
        elapsed = time.perf_counter() - started
        if as_json:
            data = [group.as_dict() for group in groups]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        ids = sorted({i for g in groups for i in g.party_ids})
        names = {}
        # By batches: a big base has more ids than a statement takes parameters.
        for start in range(0, len(ids), 10_000):
            batch = ids[start : start + 10_000]
            names.update(Party.objects.filter(pk__in=batch).values_list("pk", "name"))
        for group in groups:
            reasons = ", ".join(sorted({e.reason for e in group.evidence}))
            members = " | ".join(f"{names.get(i, '?')} (#{i})" for i in group.party_ids)
            self.stdout.write(f"[{group.score:3d}] {reasons:<18} {members}")
        self.stdout.write(
            f"{len(groups)} groupe(s) de doublons probables trouvé(s) en {elapsed:.1f} s "
            f"sur {stored.party_count} fiche(s) ; résultat enregistré pour l'écran des doublons."
        )
