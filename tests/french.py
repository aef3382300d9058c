"""French typography in the texts tests expect: the French translations put a no-break
space inside « » and before : ; ! ? (tests/web/test_translations.py holds them to it), so
that a line never starts with the sign. Tests type ordinary spaces; `french` puts the
no-break ones where the translations have them."""

import re

from comptoir.core.typography import NO_BREAK_SPACE


def french(text: str) -> str:
    """The text with no-break spaces where French typography puts them; a text already
    written so comes back unchanged."""
    text = re.sub(r"«\s+", "«" + NO_BREAK_SPACE, text)
    text = re.sub(r"\s+»", NO_BREAK_SPACE + "»", text)
    return re.sub(r"(?<=\S) ([:;!?])(?=\s|$)", NO_BREAK_SPACE + r"\1", text)
