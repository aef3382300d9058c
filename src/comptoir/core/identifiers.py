"""Validation and normalisation of business identifiers (SIREN, SIRET, VAT, ICE, RIDET, IBAN, BIC).

Each validator takes what a person typed (spaces, dots, lower case…), raises a ValidationError
whose message says what is wrong, and returns the compact form that is stored.
"""

import functools
import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from stdnum import vatin
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siren, siret
from stdnum.ma import ice


def _stdnum_error(error: StdnumError, label: str) -> ValidationError:
    if isinstance(error, InvalidLength):
        message, code = _("This %(label)s does not have the right number of digits."), "length"
    elif isinstance(error, InvalidChecksum):
        message, code = _("This %(label)s is not valid (check digit wrong)."), "checksum"
    elif isinstance(error, InvalidFormat | InvalidComponent):
        message, code = _("This %(label)s is not in the expected format."), "format"
    else:
        message, code = _("This %(label)s is not valid."), "invalid"
    return ValidationError(message, code=code, params={"label": label})


def validate_siren(value: str) -> str:
    if len(value) == 9 and _luhn_digits(value):  # see _luhn_digits
        return value
    try:
        return siren.validate(value)
    except StdnumError as error:
        raise _stdnum_error(error, "SIREN") from None


def validate_siret(value: str) -> str:
    # La Poste's SIRET (356000000…) follow another rule: stdnum's call.
    if (
        len(value) == 14
        and not value.startswith("356000000")
        and _luhn_digits(value)
        and _luhn_digits(value[:9])
    ):
        return value
    try:
        return siret.validate(value)
    except StdnumError as error:
        raise _stdnum_error(error, "SIRET") from None


# Twice a digit, its own digits added up (the Luhn key's rule for every second digit).
_LUHN_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def _luhn_digits(value: str) -> bool:
    """`value` is only ASCII digits with a right Luhn key. An import checks a million
    SIRENs: as written in a file they are nine bare digits most of the time, which this
    accepts at a quarter of stdnum's cost (its separators, its error types). It only ever
    accepts: anything else goes through stdnum, so a wrong or unusual number gets
    exactly stdnum's verdict and message (tests/core/test_identifiers.py compares them)."""
    if not (value.isascii() and value.isdigit()):
        return False
    doubled = _LUHN_DOUBLED
    total = sum(map(int, value[-1::-2])) + sum(doubled[int(digit)] for digit in value[-2::-2])
    return total % 10 == 0


def validate_vat(value: str) -> str:
    """An EU-style VAT number with its country prefix (FR12345678901, BE0123456789…)."""
    try:
        return vatin.validate(value)
    except StdnumError as error:
        raise _stdnum_error(error, _("VAT number")) from None


def validate_ice(value: str) -> str:
    """Identifiant Commun de l'Entreprise (Morocco): 15 digits with two check digits."""
    try:
        return ice.validate(value)
    except StdnumError as error:
        raise _stdnum_error(error, "ICE") from None


RIDET_RE = re.compile(r"^(\d{6,7})(?:\.?(\d{3}))?$")


def validate_ridet(value: str) -> str:
    """RIDET (New Caledonia): the company's 6 or 7 digits, then 3 for the establishment.

    No public check-digit algorithm exists (python-stdnum has no validator), so only the
    format is checked; stored as 7 digits, a dot, 3 digits ("0123456.001"). The dot is kept
    while matching: "1234567.01" is a typo, not establishment 701 of company 0123456.
    """
    compact = re.sub(r"[\s\-]", "", value or "")
    match = RIDET_RE.match(compact)
    if not match:
        raise ValidationError(
            _("A RIDET is 6 or 7 digits, optionally followed by the 3-digit establishment."),
            code="format",
        )
    company, establishment = match.groups()
    return f"{company.zfill(7)}.{establishment or '000'}"


def validate_iban(value: str) -> str:
    try:
        return IBAN(value).compact
    except SchwiftyException as error:
        raise ValidationError(
            _("This IBAN is not valid: %(reason)s"), code="iban", params={"reason": error}
        ) from None


def validate_bic(value: str, *, iban: str | None = None) -> str:
    try:
        bic = BIC(value)
    except SchwiftyException as error:
        raise ValidationError(
            _("This BIC is not valid: %(reason)s"), code="bic", params={"reason": error}
        ) from None
    iban_country = IBAN(iban).country_code if iban else bic.country_code
    # French overseas territories bank with FR IBANs and local BICs (NC, PF, RE).
    overseas = iban_country == "FR" and bic.country_code in {"NC", "PF", "RE"}
    if bic.country_code != iban_country and not overseas:
        raise ValidationError(
            _("The BIC country (%(bic)s) does not match the IBAN country (%(iban)s)."),
            code="bic_country",
            params={"bic": bic.country_code, "iban": iban_country},
        )
    return bic.compact


def format_iban(value: str) -> str:
    """Groups of four characters, as printed on a RIB."""
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


def validate_phone(value: str, *, region: str = "FR") -> str:
    """Any typed format ("04 78 95 02 13", "+33478950213", "0033 4 78…") to E.164."""
    fast = _phone_fast(value, region)
    if fast is not None:
        return fast
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(_("This phone number is not valid."), code="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# An import validates a million phones, and phonenumbers.parse (a general parser: letters,
# extensions, carrier codes, every trunk-prefix rule) is most of that time. The numbers
# people type the common ways — digits separated by spaces, dots or dashes, in national form
# behind the region's plain trunk prefix, or after +CC or 00CC — are checked here against
# the library's own metadata, with the library's own rule (the general pattern, then any
# number type). The fast path only ever *accepts*: what it does not accept goes through
# phonenumbers.parse, so an unusual or wrong number gets exactly the library's verdict
# (tests/core/test_phones.py checks the two agree on generated numbers).
_SEPARATORS = str.maketrans("", "", " .-\u00a0")
# Validity is "any type matches": the common types first, so most numbers stop at one.
_TYPE_DESCS = (
    "mobile",
    "fixed_line",
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
)


def _desc_check(desc) -> tuple[frozenset, re.Pattern] | None:
    if desc is None or not desc.national_number_pattern:
        return None
    return frozenset(desc.possible_length), re.compile(desc.national_number_pattern)


@functools.lru_cache(maxsize=32)
def _phone_plan(region: str):
    """(country code, trunk prefix or None, whether 00 dials abroad, general check, type
    checks) for a region the fast path can handle, else None."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if metadata is None or metadata.general_desc is None:
        return None
    # Several regions on one code (+262 Réunion and Mayotte…): the library picks the region
    # from the number; leave that to it.
    if len(phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(metadata.country_code, ())) != 1:
        return None
    prefix = metadata.national_prefix
    plain_prefix = (
        prefix
        and prefix.isdigit()
        and metadata.national_prefix_for_parsing == prefix
        and not metadata.national_prefix_transform_rule
    )
    general = _desc_check(metadata.general_desc)
    if general is None:
        return None
    types = tuple(
        check
        for check in (_desc_check(getattr(metadata, name)) for name in _TYPE_DESCS)
        if check is not None
    )
    return (
        str(metadata.country_code),
        prefix if plain_prefix else None,
        metadata.international_prefix == "00",
        general,
        types,
    )


def _matches(national: str, check) -> bool:
    lengths, pattern = check
    return (not lengths or len(national) in lengths) and pattern.fullmatch(national) is not None


def _phone_fast(value: str, region: str) -> str | None:
    """E.164 of a number typed a common way and valid, else None (then ask the library)."""
    plan = _phone_plan(region)
    if plan is None:
        return None
    code, trunk, dials_00, general, types = plan
    compact = value.translate(_SEPARATORS)
    if compact.startswith("+"):
        digits, national = compact[1:], None
    elif dials_00 and compact.startswith("00"):
        digits, national = compact[2:], None
    else:
        digits, national = compact, trunk
    if not (digits.isascii() and digits.isdigit()):
        return None
    if national is None:
        if not digits.startswith(code):
            return None
        number = digits[len(code) :]
    elif trunk and digits.startswith(trunk):
        number = digits[len(trunk) :]
    else:
        return None
    # A leading 0 left after the prefix is a case the library treats specially (Italy's
    # leading zero, a doubled trunk prefix): its call.
    if not number or number[0] == "0" or not _matches(number, general):
        return None
    if not any(_matches(number, check) for check in types):
        return None
    return f"+{code}{number}"


def format_phone(value: str, *, region: str = "FR") -> str:
    """E.164 as people read it: national format at home, international abroad."""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return value
    home = phonenumbers.region_code_for_number(number) == region
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if home
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)
