import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from comptoir.core.identifiers import (
    format_iban,
    validate_bic,
    validate_iban,
    validate_ice,
    validate_ridet,
    validate_siren,
    validate_siret,
    validate_vat,
)

IBAN_FR = "FR7630006000011234567890189"


def error_code(validate, value, **kwargs) -> str:
    with pytest.raises(ValidationError) as error:
        validate(value, **kwargs)
    return error.value.code


@pytest.mark.parametrize("typed", ["732829320", "732 829 320", " 732.829.320 ", "732 829320"])
def test_siren_typed_with_spaces_or_dots_is_stored_compact(typed):
    assert validate_siren(typed) == "732829320"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("732829321", "checksum"),
        ("73282932", "length"),
        ("7328293200", "length"),
        ("73282932A", "format"),
    ],
)
def test_siren_errors_say_what_is_wrong(typed, code):
    assert error_code(validate_siren, typed) == code


def test_siren_error_message_names_the_identifier():
    with pytest.raises(ValidationError) as error:
        validate_siren("732829321")
    assert "SIREN" in error.value.messages[0]


def test_siret():
    assert validate_siret("732 829 320 00074") == "73282932000074"
    assert error_code(validate_siret, "73282932000075") == "checksum"
    assert error_code(validate_siret, "7328293200007") == "length"


def test_vat_number():
    assert validate_vat("fr 44 732 829 320") == "FR44732829320"
    assert validate_vat("FR44732829320") == "FR44732829320"
    assert error_code(validate_vat, "FR45732829320") == "checksum"
    assert error_code(validate_vat, "XX123456") == "format"
    assert error_code(validate_vat, "FR4473282932") == "length"


def test_ice_morocco():
    assert validate_ice("001561191000066") == "001561191000066"
    assert validate_ice("001 561 191 000 066") == "001561191000066"
    assert error_code(validate_ice, "001561191000067") == "checksum"
    assert error_code(validate_ice, "0015611910") == "length"
    assert error_code(validate_ice, "00156119100006A") == "format"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("123456", "0123456.000"),
        ("1234567", "1234567.000"),
        ("1234567.001", "1234567.001"),
        ("1 234 567 002", "1234567.002"),
        ("123456-003", "0123456.003"),
        ("123456.001", "0123456.001"),
    ],
)
def test_ridet_new_caledonia(typed, stored):
    assert validate_ridet(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "12345",
        "12345678901",
        "12A4567",
        "",
        "1234567.01",
    ],
)
def test_ridet_refuses_other_formats(typed):
    assert error_code(validate_ridet, typed) == "format"


def test_iban():
    assert validate_iban("FR76 3000 6000 0112 3456 7890 189") == IBAN_FR
    assert validate_iban("fr76 3000 6000 0112 3456 7890 189") == IBAN_FR
    assert error_code(validate_iban, "FR7630006000011234567890188") == "iban"
    assert error_code(validate_iban, "FR76300060") == "iban"
    assert format_iban(IBAN_FR) == "FR76 3000 6000 0112 3456 7890 189"


def test_bic():
    assert validate_bic("agrifrpp") == "AGRIFRPP"
    assert validate_bic("BNPAFRPPXXX", iban=IBAN_FR) == "BNPAFRPPXXX"
    assert error_code(validate_bic, "AGRIXXPP") == "bic"
    assert error_code(validate_bic, "AGR") == "bic"


def test_bic_country_must_match_the_iban_country():
    assert error_code(validate_bic, "DEUTDEFF", iban=IBAN_FR) == "bic_country"
    # A bank in New Caledonia has a local BIC on a French IBAN.
    assert validate_bic("BCALNCNN", iban=IBAN_FR) == "BCALNCNN"


valid_sirens = (
    st.integers(0, 99_999_999)
    .map(lambda n: f"{n:08d}")
    .map(lambda body: body + luhn.calc_check_digit(body))
)


@given(valid_sirens, st.lists(st.sampled_from(["", " ", ".", "  "]), min_size=10, max_size=10))
def test_any_spacing_of_a_valid_siren_normalises_to_the_same_value(number, separators):
    typed = separators[0] + "".join(
        digit + separator for digit, separator in zip(number, separators[1:], strict=True)
    )

    assert validate_siren(typed) == number


def stdnum_verdict(validate, value: str) -> str:
    """What stdnum says: the compact number, or the class of its error."""
    try:
        return validate(value)
    except Exception as error:  # noqa: BLE001 - any of stdnum's errors is a verdict
        return type(error).__name__


@given(
    st.one_of(
        st.text("0123456789", min_size=8, max_size=15),
        valid_sirens,
        valid_sirens.map(lambda siren: siren + "0000"),  # SIRET-long, any key
        st.text("0123456789", min_size=5, max_size=5).map(lambda tail: "356000000" + tail),
        st.text("0123456789 .A٣", max_size=15),
    )
)
def test_sirens_and_sirets_get_the_verdicts_of_stdnum(typed):
    """The bare-digits fast path (_luhn_digits) accepts only what stdnum accepts, and
    returns the same compact number."""
    from stdnum.fr import siren, siret

    for ours, theirs in ((validate_siren, siren.validate), (validate_siret, siret.validate)):
        expected = stdnum_verdict(theirs, typed)
        try:
            got = ours(typed)
        except ValidationError:
            assert expected in ("InvalidFormat", "InvalidLength", "InvalidChecksum"), expected
        else:
            assert got == expected
