"""Column mappings of an import: checked, applied to a file, kept as reusable templates.

A mapping is {column index: field of parties.imports.HEADERS}; a column left out is ignored.
A template (parties.ImportMapping) keeps it by folded header rather than by position, so the
next export of the same software maps even if its columns moved. An ignored column is kept
in the template with an empty field, so that a column the person chose to ignore is not
guessed again next time.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from comptoir.core.queries import require
from comptoir.core.typography import quoted
from comptoir.parties.exceptions import PartyError
from comptoir.parties.imports import (
    FIELD_LABELS,
    HEADERS,
    ImportFileError,
    Row,
    guess_mapping,
    read_table,
    table_rows,
)
from comptoir.parties.models import ImportMapping
from comptoir.parties.normalize import fold

__all__ = [
    "ImportFile",
    "MappingError",
    "header_key",
    "import_file_read",
    "mapping_for",
    "mapping_get",
    "mapping_list",
    "mapping_problems",
    "mapping_save",
]

NAME_FIELDS = ("name", "last_name")
NAME_MAX_LENGTH = ImportMapping._meta.get_field("name").max_length
SAMPLES = 2


class MappingError(PartyError):
    """A mapping or a template that cannot be used; the message says why."""

    code = "import_mapping"


def header_key(header: str) -> str:
    """How a template knows a column: its header folded ("Téléphone " -> "telephone")."""
    return fold(header)


def mapping_problems(mapping: dict[int, str], headers: list[str] | None = None) -> list[str]:
    """What makes this mapping unusable, in the user's language; empty when it is fine."""
    problems = []
    unknown = sorted({name for name in mapping.values() if name not in HEADERS})
    if unknown:
        problems.append(_("Unknown field: %(fields)s.") % {"fields": ", ".join(unknown)})
    by_field: dict[str, list[int]] = {}
    for index, name in sorted(mapping.items()):
        by_field.setdefault(name, []).append(index)
    for name, indexes in by_field.items():
        if len(indexes) > 1 and name in HEADERS:
            problems.append(
                _("Columns %(columns)s are all mapped to « %(field)s »: keep only one.")
                % {
                    "columns": get_text_list([_column_name(i, headers) for i in indexes], _("and")),
                    "field": FIELD_LABELS[name],
                }
            )
    if not set(NAME_FIELDS) & set(mapping.values()):
        problems.append(
            _("No column holds a name: map one to « %(name)s » or « %(last_name)s ».")
            % {"name": FIELD_LABELS["name"], "last_name": FIELD_LABELS["last_name"]}
        )
    return problems


def _column_name(index: int, headers: list[str] | None) -> str:
    if headers and index < len(headers) and headers[index].strip():
        return quoted(headers[index].strip())
    return _("column %(number)s") % {"number": index + 1}


def mapping_for(headers: list[str], template: ImportMapping | None) -> dict[int, str]:
    """Column index -> field: the template's choice for the headers it knows, the guess from
    the wording for the others (a field the template already gave is not given twice)."""
    guessed = guess_mapping(headers)
    if template is None:
        return guessed
    mapping: dict[int, str] = {}
    known: set[int] = set()
    for index, header in enumerate(headers):
        key = header_key(header)
        if key and key in template.columns:
            known.add(index)
            name = template.columns[key]
            if name in HEADERS and name not in mapping.values():
                mapping[index] = name
    for index, name in guessed.items():
        if index not in known and name not in mapping.values():
            mapping[index] = name
    return dict(sorted(mapping.items()))


def mapping_list(*, user) -> QuerySet[ImportMapping]:
    """The saved templates, by name, for whoever may import."""
    require(user, "parties.import_party")
    return ImportMapping.objects.order_by("name")


def mapping_get(*, user, name: str) -> ImportMapping:
    """The template of that name (case ignored); MappingError naming those that exist."""
    templates = mapping_list(user=user)
    found = templates.filter(name__iexact=name.strip()).first()
    if found is not None:
        return found
    names = [quoted(existing) for existing in templates.values_list("name", flat=True)]
    if names:
        message = _("No mapping template is called « %(name)s »; the saved ones are %(names)s.")
    else:
        message = _("No mapping template is called « %(name)s »: none has been saved yet.")
    raise MappingError(message % {"name": name, "names": ", ".join(names)})


@transaction.atomic
def mapping_save(*, by, name: str, headers: list[str], mapping: dict[int, str]) -> ImportMapping:
    """Keep this mapping as a template under `name`; a template of the same name (case
    ignored) is replaced, and `template.replaced` says so."""
    require(by, "parties.import_party")
    name = " ".join((name or "").split())
    if not name:
        raise MappingError(_("Give the mapping template a name."))
    if len(name) > NAME_MAX_LENGTH:
        raise MappingError(
            _("The name of a template is %(limit)s characters at most.")
            % {"limit": NAME_MAX_LENGTH}
        )
    problems = mapping_problems(mapping, headers)
    if problems:
        raise MappingError(" ".join(str(problem) for problem in problems))
    columns = {}
    for index, header in enumerate(headers):
        key = header_key(header)
        if key and key not in columns:
            columns[key] = mapping.get(index, "")
    template = ImportMapping.objects.select_for_update().filter(name__iexact=name).first()
    replaced = template is not None
    if template is None:
        template = ImportMapping(name=name, created_by=by)
    template.name = name
    template.columns = columns
    template.save()
    template.replaced = replaced
    return template


@dataclass
class ImportFile:
    """A file read with a mapping: what the preview shows and the import writes."""

    headers: list[str]
    samples: list[list[str]]  # per column, its first non-empty values
    mapping: dict[int, str]
    problems: list[str] = field(default_factory=list)  # of the mapping; no rows then
    rows: list[Row] = field(default_factory=list)


def import_file_read(
    content: bytes,
    filename: str,
    *,
    template: ImportMapping | None = None,
    mapping: dict[int, str] | None = None,
    default_country: str = "FR",
) -> ImportFile:
    """Read and validate the file with `mapping`, else the template's, else the guess.

    What parties.imports.parse does, reading the table once, but a mapping that cannot be
    used is returned with its problems (for the person to correct) rather than raised.
    ImportFileError when the file cannot be read at all."""
    table = read_table(content, filename)
    if len(table) < 2:
        raise ImportFileError(_("The file has a header line but no data."))
    headers = [cell.strip() for cell in table[0]]
    width = max(len(cells) for cells in table[: 1 + 100])
    headers += [""] * (width - len(headers))
    samples: list[list[str]] = [[] for _ in headers]
    for cells in table[1:]:
        for index, cell in enumerate(cells[: len(headers)]):
            if cell.strip() and len(samples[index]) < SAMPLES:
                samples[index].append(cell.strip())
        if all(len(found) >= SAMPLES for found in samples):
            break
    if mapping is None:
        mapping = mapping_for(headers, template)
    mapping = {index: name for index, name in mapping.items() if name}
    read = ImportFile(headers=headers, samples=samples, mapping=mapping)
    read.problems = mapping_problems(mapping, headers)
    if read.problems:
        return read
    read.rows = table_rows(table, mapping, default_country=default_country)
    return read
