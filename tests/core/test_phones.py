"""Phones typed any way become E.164; the import's fast path never disagrees with phonenumbers."""

import phonenumbers
import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from comptoir.core.identifiers import _phone_fast, validate_phone

REGIONS = ["FR", "NC", "MA", "BE", "CH", "RE", "SN", "PF", "CI", "GP", "US", "IT", "DE"]
PREFIXES = ["", "0", "00", "+", "+33", "0033", "+687", "+212", "+32", "+41", "+39", "+1", "+330"]


def library(value: str, region: str) -> str | None:
    """What phonenumbers alone says: the E.164 form, or None when it is not a valid number."""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


typed = st.builds(
    lambda prefix, digits, separator, width: (
        prefix + separator.join(digits[i : i + width] for i in range(0, len(digits), width))
    ),
    st.sampled_from(PREFIXES),
    st.text("0123456789", min_size=4, max_size=13),
    st.sampled_from(["", " ", ".", "-", "\u00a0", "/"]),
    st.integers(min_value=1, max_value=4),
)


@settings(max_examples=800)
@given(typed, st.sampled_from(REGIONS))
def test_the_fast_path_accepts_only_what_the_library_accepts_the_same_way(value, region):
    fast = _phone_fast(value, region)
    if fast is not None:
        assert fast == library(value, region)


@settings(max_examples=300)
@given(typed, st.sampled_from(REGIONS))
def test_validate_phone_gives_the_library_verdict(value, region):
    expected = library(value, region)
    if expected is None:
        with pytest.raises(ValidationError):
            validate_phone(value, region=region)
    else:
        assert validate_phone(value, region=region) == expected


@pytest.mark.parametrize(
    "value",
    ["04 78 95 02 13", "04.78.95.02.13", "0478950213", "+33 4 78 95 02 13", "0033478950213"],
)
def test_common_french_ways_take_the_fast_path(value):
    # The import's speed depends on it: if the fast path stopped accepting these, the
    # benchmark would show it, but only this test says why.
    assert _phone_fast(value, "FR") == "+33478950213"


def test_a_number_no_operator_owns_is_refused():
    with pytest.raises(ValidationError):
        validate_phone("04 00 00 00 00", region="FR")
