"""A list's rows as a file for spreadsheets: CSV as French spreadsheets read it (semicolons,
decimal comma, the byte-order mark Excel needs to read UTF-8) or XLSX. Every app's exports
use it (core imports no app)."""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def csv_value(value) -> str:
    """A cell of the CSV: nothing for None, « 12,50 » for a Decimal (read as a number)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    return str(value)


def dated(name: str) -> str:
    """« devis-2026-11-30 »: the file's name with the day it was made."""
    return f"{name}-{timezone.localdate().isoformat()}"


def spreadsheet_response(
    rows, *, name: str, fmt: str = "csv", sheet_title: str = ""
) -> HttpResponse:
    """`rows` (the header first; an iterator is read once) as an attachment `name.fmt`.
    XLSX keeps numbers and dates typed; the sheet is named `sheet_title` (31 characters at
    most, Excel's limit)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format: {fmt}")
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer, delimiter=";")
        for row in rows:
            writer.writerow([csv_value(value) for value in row])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(str(sheet_title or name)[:31])
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
