"""French is the default language: every text in the code must have its French translation."""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import comptoir
from tests.french import french

PACKAGE = Path(comptoir.__file__).parent
PO_FILE = PACKAGE / "locale" / "fr" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")


def read_catalogue():
    with PO_FILE.open("rb") as handle:
        return read_po(handle, locale="fr")


def test_every_message_has_a_french_translation():
    missing = [
        message.id
        for message in read_catalogue()
        if message.id
        and (
            not message.string
            or message.fuzzy
            or (isinstance(message.string, tuple) and not all(message.string))
        )
    ]
    assert missing == [], f"{len(missing)} texts without French translation: {missing[:10]}"


def test_french_punctuation_never_starts_a_line():
    """A line of French text never starts with » : ; ! ? nor ends with «, however the
    sentence wraps: the translations put a no-break space there."""
    wrong = [
        text
        for message in read_catalogue()
        if message.id
        for text in (message.string if isinstance(message.string, tuple) else (message.string,))
        if text and french(text) != text
    ]
    assert wrong == [], f"{len(wrong)} translations with a breakable space: {wrong[:5]}"


def test_compiled_catalogue_matches_the_sources():
    compiled = gettext.GNUTranslations(MO_FILE.open("rb"))
    for message in read_catalogue():
        if message.id and isinstance(message.id, str):
            # A message with a context (pgettext) is looked up with it.
            found = (
                compiled.pgettext(message.context, message.id)
                if message.context
                else compiled.gettext(message.id)
            )
            assert found == message.string, message.id


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_catalogue_knows_every_text_of_the_code(tmp_path):
    """`make messages` has been run after the last change of texts."""
    # Extract from a copy, with bare settings, so the real catalogue is never touched.
    copy = tmp_path / "comptoir"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("vendor", "__pycache__"))
    (tmp_path / "bare_settings.py").write_text("SECRET_KEY = 'x'\nUSE_I18N = True\n")
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "--locale", "fr", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            "PATH": os.environ["PATH"],
            "PYTHONPATH": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "bare_settings",
        },
    )
    with (copy / "locale" / "fr" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        found = {m.id for m in read_po(handle) if m.id}
    known = {m.id for m in read_catalogue() if m.id}
    new = sorted(str(m) for m in found - known)
    assert new == [], f"run `make messages` and translate: {new[:10]}"
