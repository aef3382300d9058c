"""Reading a file of parties (CSV or XLSX) into validated, normalised rows.

What Excel in France produces must just work: UTF-8 with or without BOM, Windows-1252,
`;` or `,` separators. Columns are matched to fields from French and English headers; each
row is validated on its own and every rejected row says why, in the user's language. Writing
the valid rows is the import service's job; this module never writes to the database.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from operator import itemgetter

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comptoir.core import identifiers
from comptoir.core.choices import Country
from comptoir.core.collector import collector_paused
from comptoir.core.forked import Forked
from comptoir.core.typography import quoted
from comptoir.parties.normalize import fold

MAX_BYTES = 200 * 1024 * 1024  # a million rows of a dozen columns is about 150 MB
MAX_ROWS = 2_000_000
COUNTRIES = frozenset(Country.values)
# The longest value each field holds (the model's max_length), checked before writing.
MAX_LENGTHS = {
    "name": 200,
    "trade_name": 200,
    "last_name": 100,
    "first_name": 100,
    "line1": 200,
    "line2": 200,
    "postal_code": 16,
    "city": 100,
    "sector": 100,
    "naf_code": 6,
    "email": 254,
}

# Field -> headers people write for it (folded: lower case, no accents).
HEADERS: dict[str, tuple[str, ...]] = {
    "kind": ("type", "nature", "kind"),
    "name": (
        "raison sociale",
        "nom de l'entreprise",
        "entreprise",
        "societe",
        "company",
        "company name",
        "organisation",
        "organization",
        "name",
    ),
    "trade_name": ("nom commercial", "enseigne", "trade name"),
    "last_name": ("nom", "nom de famille", "last name", "surname"),
    "first_name": ("prenom", "first name", "given name"),
    "siren": ("siren", "n siren"),
    "siret": ("siret", "n siret"),
    "vat_number": ("tva", "n tva", "tva intracommunautaire", "numero de tva", "vat", "vat number"),
    "email": ("email", "e-mail", "mail", "courriel", "adresse email", "adresse e-mail"),
    "phone": ("telephone", "tel", "tel.", "phone", "portable", "mobile", "numero de telephone"),
    "line1": ("adresse", "adresse 1", "address", "address 1", "rue"),
    "line2": ("adresse 2", "complement", "complement d'adresse", "address 2"),
    "postal_code": ("code postal", "cp", "postal code", "zip", "zip code", "postcode"),
    "city": ("ville", "commune", "city", "town"),
    "country": ("pays", "country", "code pays"),
    "sector": ("secteur", "secteur d'activite", "activite", "sector", "industry"),
    "naf_code": ("naf", "code naf", "ape", "code ape", "naf code"),
    "notes": ("notes", "commentaire", "commentaires", "remarques", "comments"),
}

# What each field is called on screen (mapping choices, error messages).
FIELD_LABELS = {
    "kind": gettext_lazy("Kind (organisation or person)"),
    "name": gettext_lazy("Legal name"),
    "trade_name": gettext_lazy("Trade name"),
    "last_name": gettext_lazy("Last name"),
    "first_name": gettext_lazy("First name"),
    "siren": "SIREN",
    "siret": "SIRET",
    "vat_number": gettext_lazy("VAT number"),
    "email": gettext_lazy("E-mail"),
    "phone": gettext_lazy("Phone"),
    "line1": gettext_lazy("Address"),
    "line2": gettext_lazy("Address (continued)"),
    "postal_code": gettext_lazy("Postal code"),
    "city": gettext_lazy("City"),
    "country": gettext_lazy("Country"),
    "sector": gettext_lazy("Sector"),
    "naf_code": gettext_lazy("NAF/APE code"),
    "notes": gettext_lazy("Notes"),
}


class ImportFileError(Exception):
    """The file cannot be read at all; the message says why."""


@dataclass
class Row:
    line: int  # as the person sees it in their spreadsheet (header = line 1)
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors


def guess_mapping(headers: list[str]) -> dict[int, str]:
    """Column index -> field, from the headers' wording; unknown columns are left out."""
    wanted = {alias: name for name, aliases in HEADERS.items() for alias in aliases}
    mapping: dict[int, str] = {}
    for index, header in enumerate(headers):
        # "N° SIREN" reads as "n siren": the degree sign is no letter.
        name = wanted.get(fold(header).replace("°", "").replace("_", " ").strip(" :*"))
        if name and name not in mapping.values():
            mapping[index] = name
    return mapping


def read_table(content: bytes, filename: str) -> list[list[str]]:
    """The file's cells as text, first row included; refuses what is not a table."""
    if not content:
        raise ImportFileError(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // 2**20})
    if filename.lower().endswith(".xlsx"):
        with collector_paused():
            return _read_xlsx(content)
    if b"\x00" in content[:4096]:
        raise ImportFileError(_("This file is not a CSV or XLSX table."))
    with collector_paused():
        return _read_csv(_decode(content))


def _decode(content: bytes) -> str:
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        # Excel in France saves "CSV (séparateur : point-virgule)" in Windows-1252.
        return content.decode("cp1252", errors="replace")


def _read_csv(text: str) -> list[list[str]]:
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(row)]


def _read_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportFileError(_("This XLSX file is damaged or is not a spreadsheet.")) from None
    sheet = workbook.worksheets[0]
    rows = []
    for cells in sheet.iter_rows(values_only=True):
        row = ["" if cell is None else str(cell).strip() for cell in cells]
        if any(row):
            rows.append(row)
        if len(rows) > MAX_ROWS:
            raise ImportFileError(_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
    workbook.close()
    return rows


def parse(
    content: bytes,
    filename: str,
    *,
    mapping: dict[int, str] | None = None,
    default_country: str = "FR",
) -> tuple[dict[int, str], list[Row]]:
    """(mapping used, rows validated and normalised)."""
    table = read_table(content, filename)
    if len(table) < 2:
        raise ImportFileError(_("The file has a header line but no data."))
    mapping = mapping or guess_mapping(table[0])
    if not ({"name", "last_name"} & set(mapping.values())):
        raise ImportFileError(
            _("No column holds a name: add a « Raison sociale » or « Nom » column.")
        )
    return mapping, table_rows(table, mapping, default_country=default_country)


def table_rows(
    table: list[list[str]], mapping: dict[int, str], *, default_country: str
) -> list[Row]:
    """The data lines of a table (header first) as rows, validated and normalised."""
    columns = sorted(mapping.items())
    indexes = [index for index, _name in columns]
    names = [name for _index, name in columns]
    width = indexes[-1] + 1 if indexes else 0
    # itemgetter of one index gives a cell, not a tuple of one.
    cells_of = itemgetter(*indexes) if len(indexes) > 1 else lambda c: [c[i] for i in indexes]
    rows = []
    with collector_paused():
        for number, cells in enumerate(table[1:], start=2):
            if len(cells) >= width:  # the usual case, at a million rows: no check per cell
                rows.append(
                    Row(number, dict(zip(names, map(str.strip, cells_of(cells)), strict=True)))
                )
            else:
                values = {name: cells[i].strip() for i, name in columns if i < len(cells)}
                rows.append(Row(number, values))
        return validate_rows(rows, default_country=default_country)


# From this many rows, the last ones are validated by a forked process on the other core.
SHARE_FROM = 50_000
# What validate_row may change in a row's values: the rest of a verdict is its errors.
NORMALISED = ("country", "kind", "siren", "siret", "vat_number", "phone", "email")
# The forked helper's share of the rows: less than half, for its rows cost it more (each
# page of rows it reads is copied on its first write, and its verdicts are pickled) and
# this process then applies its verdicts. A million rows: 8.2 s with half, 7.0 s with 40 %.
HELPER_SHARE = 0.4


def validate_rows(rows: list[Row], *, default_country: str = "FR") -> list[Row]:
    """Validate and normalise the rows in place. A row takes about 10 µs; from SHARE_FROM
    rows a forked copy of this process validates the last ones meanwhile (HELPER_SHARE of
    them), reading the rows it inherited and sending back only its verdicts (errors and
    normalised values, a tuple of short strings each), since pickling whole rows back and
    forth cost more than validating them (decision 87). Should that process fail, this
    one validates its share itself."""
    if len(rows) < SHARE_FROM:
        return [validate_row(row, default_country=default_country) for row in rows]
    helper_from = len(rows) - int(len(rows) * HELPER_SHARE)
    helper = Forked(_verdicts, rows[helper_from:], default_country)
    for row in rows[:helper_from]:
        validate_row(row, default_country=default_country)
    verdicts = helper.result()
    if verdicts is None or len(verdicts) != len(rows) - helper_from:
        for row in rows[helper_from:]:
            validate_row(row, default_country=default_country)
        return rows
    for row, (errors, *normalised) in zip(rows[helper_from:], verdicts, strict=True):
        row.errors = errors
        values = row.values
        for key, value in zip(NORMALISED, normalised, strict=True):
            if value is not None:
                values[key] = value
    return rows


def _verdicts(rows: list[Row], default_country: str) -> list[tuple]:
    """In the forked process: the rows inherited, never touching the database."""
    verdicts = []
    for row in rows:
        validate_row(row, default_country=default_country)
        values = row.values
        verdicts.append((row.errors, *(values.get(key) for key in NORMALISED)))
    return verdicts


def validate_row(row: Row, *, default_country: str = "FR") -> Row:
    """Normalise the row's values in place and list what is wrong with it."""
    values = row.values
    country = (values.get("country") or default_country).upper()
    if country not in COUNTRIES:
        row.errors.append(_("Unknown country « %(value)s ».") % {"value": values.get("country")})
        country = default_country
    values["country"] = country
    is_person = not values.get("name") and bool(values.get("last_name"))
    values["kind"] = "person" if is_person else "organisation"
    if not values.get("name") and not values.get("last_name"):
        row.errors.append(_("Missing name."))
    for key, limit in MAX_LENGTHS.items():
        if len(values.get(key, "")) > limit:
            row.errors.append(
                _("%(field)s is longer than %(limit)s characters.")
                % {"field": FIELD_LABELS[key], "limit": limit}
            )
    checks = (
        ("siren", identifiers.validate_siren),
        ("siret", identifiers.validate_siret),
        ("vat_number", identifiers.validate_vat),
    )
    for key, validate in checks:
        if values.get(key):
            try:
                values[key] = validate(values[key])
            except ValidationError as error:
                row.errors.append(f"{' '.join(error.messages)} ({quoted(values[key])})")
    if values.get("phone"):
        try:
            values["phone"] = identifiers.validate_phone(values["phone"], region=country)
        except ValidationError:
            row.errors.append(
                _("Phone « %(value)s » is not a valid number.") % {"value": values["phone"]}
            )
    if values.get("email"):
        values["email"] = values["email"].strip().lower()
        if not _email_valid(values["email"]):
            row.errors.append(
                _("E-mail « %(value)s » is not a valid address.") % {"value": values["email"]}
            )
    return row


# Django's own patterns, compiled once here: the validator keeps them behind lazy objects
# whose every use costs an attribute lookup through a proxy.
_EMAIL_USER = re.compile(validate_email.user_regex.pattern, validate_email.user_regex.flags)
_EMAIL_DOMAIN = re.compile(validate_email.domain_regex.pattern, validate_email.domain_regex.flags)


def _email_valid(address: str) -> bool:
    """Django's EmailValidator verdict. Its two patterns are tried first, as the validator
    itself does: an address both accept is valid, and building the ValidationError of
    the validator's other branches is only paid for the doubtful ones."""
    if "@" in address and len(address) <= 320:
        user, domain = address.rsplit("@", 1)
        if _EMAIL_USER.match(user) and _EMAIL_DOMAIN.match(domain):
            return True
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def rejects_csv(rows: list[Row], headers: list[str]) -> bytes:
    """The rejected rows with one reason column, ready to fix in Excel and import again."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_("Line"), _("Reason"), *headers])
    for row in rows:
        if not row.valid:
            writer.writerow(
                [row.line, " ; ".join(row.errors), *(row.values.get(h, "") for h in headers)]
            )
    return out.getvalue().encode("utf-8-sig")
