"""`comptoir import parties FILE [--mode keep-valid|all-or-nothing] [--on-match update|skip]
[--mapping NAME] [--as USER] [--json]`.

The same reading, validation and writing as the import page, for automation and big files.
`--mapping` applies a column mapping template saved from the import page (the columns it does
not know are guessed from their headers, as on the page).
"""

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import Company, User
from comptoir.parties.imports import ImportFileError, rejects_csv
from comptoir.parties.services.imports import IMPORT_MODES, ON_MATCH, import_rows
from comptoir.parties.services.mappings import MappingError, import_file_read, mapping_get

# What a wrong argument exits with (argparse's own code for a bad option value).
USAGE_ERROR = 2


class Command(BaseCommand):
    help = "Imports organisations and people from a CSV or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["parties"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--mode", choices=IMPORT_MODES, default="keep-valid")
        parser.add_argument(
            "--on-match",
            choices=ON_MATCH,
            default="update",
            help="Rows matching a known party (same SIREN, e-mail or phone): complete it "
            "(update, the default) or skip the row (skip).",
        )
        parser.add_argument(
            "--mapping", metavar="NAME", help="A column mapping template saved from the page."
        )
        parser.add_argument(
            "--as", dest="username", help="The user the import is made as (default: a superuser)."
        )
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(
        self, *args, what, file: Path, mode, on_match, mapping, username, as_json, **options
    ):
        translation.activate(settings.LANGUAGE_CODE)
        by = self._user(username)
        try:
            template = mapping_get(user=by, name=mapping) if mapping else None
        except MappingError as error:
            raise CommandError(error.message, returncode=USAGE_ERROR) from None
        except NotAllowed:
            raise CommandError(f"{by.username} n'a pas le droit d'importer des fiches.") from None
        try:
            read = import_file_read(
                file.read_bytes(),
                file.name,
                template=template,
                default_country=Company.current_country(),
            )
        except OSError as error:
            raise CommandError(f"Fichier illisible : {error.strerror or error} ({file}).") from None
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        if read.problems:
            raise CommandError(" ".join(str(problem) for problem in read.problems))
        rows = read.rows
        try:
            result = import_rows(by=by, rows=rows, mode=mode, on_match=on_match, label=file.name)
        except NotAllowed:
            raise CommandError(f"{by.username} n'a pas le droit d'importer des fiches.") from None
        summary = {
            **result.as_dict(),
            "mode": mode,
            "on_match": on_match,
            "mapping": template.name if template else None,
            "rows": len(rows),
            "rejects_file": None,
        }
        if result.rejected:
            folder = Path(settings.VAR_DIR) / "imports"
            folder.mkdir(exist_ok=True)
            path = folder / f"rejets-{timezone.localtime():%Y%m%d-%H%M%S}-{file.stem}.csv"
            path.write_bytes(rejects_csv(result.rejected, list(read.mapping.values())))
            summary["rejects_file"] = str(path)
        if as_json:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
        else:
            self.stdout.write(
                f"{summary['rows']} ligne(s) lue(s) : {summary['created']} fiche(s) créée(s), "
                f"{summary['updated']} complétée(s), {summary['skipped']} ligne(s) ignorée(s) "
                f"car déjà connue(s), {summary['rejected']} rejetée(s)."
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
