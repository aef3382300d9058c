"""Normalisation of what people type, shared by forms, imports, search and duplicates."""

import unicodedata

# Letters that Unicode decomposition leaves whole, spelled out as PostgreSQL's unaccent (and a
# French reader) spell them: "Cœur" is found by "coeur", "Łódź" by "lodz".
LETTERS = str.maketrans(
    {"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ħ": "h", "ı": "i"}
)


def fold(text: str) -> str:
    """Lower-case, accents removed, spaces collapsed: "  Société  Générale" -> "societe generale"."""
    text = text or ""
    if text.isascii():  # most names and cities: nothing to decompose (imports fold millions)
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().translate(LETTERS).split())
