"""fold(): what every search, filter, import and duplicate comparison compares."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from comptoir.parties.normalize import LETTERS, fold


def fold_by_decomposition(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().translate(LETTERS).split())


@given(st.text())
def test_the_ascii_shortcut_folds_as_the_decomposition_does(text):
    assert fold(text) == fold_by_decomposition(text)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_plain_ascii_text(text):
    assert fold(text) == fold_by_decomposition(text)


def test_examples():
    assert fold("  Société  Générale") == "societe generale"
    assert fold("SAINT-ÉTIENNE") == "saint-etienne"
    assert fold("Straße") == "strasse"
    # Letters no decomposition takes apart, spelled out as unaccent does.
    assert fold("Cœur de Bœuf") == fold("COEUR DE BOEUF") == "coeur de boeuf"
    assert fold("Łódź Ærø") == "lodz aero"
    assert fold(None) == ""
