"""`comptoir …` and `python -m comptoir …`: Django's manage.py, with readable start-up errors."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "comptoir.conf.settings")
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    from comptoir.conf.env import SettingError

    try:
        execute_from_command_line(sys.argv)
    except SettingError as error:
        sys.exit(f"comptoir : {error}")
    except OperationalError as error:
        # The usual first-run mistake: PostgreSQL not reachable, or the base not created.
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        sys.exit(f"comptoir : la base de données ne répond pas ({first_line}).")


if __name__ == "__main__":
    main()
