"""`comptoir import parties FILE [--mode keep-valid|all-or-nothing] [--as USER] [--json]`.

The same reading, validation and writing as the import page, for automation and big files.
"""

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from comptoir.core.models import Company, User
from comptoir.parties.imports import ImportFileError, parse, rejects_csv
from comptoir.parties.services.imports import MODES, import_rows


class Command(BaseCommand):
    help = "Imports organisations and people from a CSV or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["parties"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--mode", choices=MODES, default="keep-valid")
        parser.add_argument(
            "--as", dest="username", help="The user the import is made as (default: a superuser)."
        )
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, what, file: Path, mode, username, as_json, **options):
        translation.activate(settings.LANGUAGE_CODE)
        by = self._user(username)
        company = Company.current()
        try:
            mapping, rows = parse(
                file.read_bytes(), file.name, default_country=company.country if company else "FR"
            )
        except (OSError, ImportFileError) as error:
            raise CommandError(str(error)) from None
        result = import_rows(by=by, rows=rows, mode=mode)
        summary = {**result.as_dict(), "mode": mode, "rows": len(rows), "rejects_file": None}
        if result.rejected:
            folder = Path(settings.VAR_DIR) / "imports"
            folder.mkdir(exist_ok=True)
            path = folder / f"rejets-{timezone.localtime():%Y%m%d-%H%M%S}-{file.stem}.csv"
            path.write_bytes(rejects_csv(result.rejected, list(mapping.values())))
            summary["rejects_file"] = str(path)
        if as_json:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
        else:
            self.stdout.write(
                f"{summary['created']} créé(s), {summary['updated']} mis à jour, "
                f"{summary['rejected']} rejeté(s) sur {summary['rows']} ligne(s)."
            )
            if summary["rejects_file"]:
                self.stdout.write(f"Lignes rejetées et leur motif : {summary['rejects_file']}")
            if mode == "all-or-nothing" and result.rejected:
                self.stdout.write("Mode tout ou rien : rien n'a été importé.")
        if result.rejected and mode == "all-or-nothing":
            sys.exit(1)

    def _user(self, username):
        users = User.objects.filter(is_active=True)
        user = (
            users.filter(username=username).first()
            if username
            else users.filter(is_superuser=True).order_by("pk").first()
        )
        if user is None:
            raise CommandError(
                f"Utilisateur introuvable : {username or 'aucun super-utilisateur'}."
            )
        return user
