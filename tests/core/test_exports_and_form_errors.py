"""The shared helpers every app's views use: spreadsheet exports (CSV as French spreadsheets
read it, XLSX) and a service's refusal put back on the form."""

import io
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from comptoir.core.exceptions import CoreError
from comptoir.core.exports import spreadsheet_response
from comptoir.core.forms.errors import add_service_error

ROWS = [["Référence", "Prix", "Note"], ["POMP-100", Decimal("1250.50"), None]]


def test_csv_has_the_bom_semicolons_and_decimal_commas():
    response = spreadsheet_response(iter(ROWS), name="catalogue-2026-11-30")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="catalogue-2026-11-30.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    assert text[1:].splitlines() == ["Référence;Prix;Note", "POMP-100;1250,50;"]


def test_a_normalised_quantity_reads_as_a_plain_number():
    response = spreadsheet_response([[Decimal("10.000").normalize()]], name="x")
    assert response.content.decode("utf-8")[1:].strip() == "10"


def test_xlsx_keeps_numbers_and_names_its_sheet_within_excels_limit():
    response = spreadsheet_response(ROWS, name="tarif", fmt="xlsx", sheet_title="T" * 40)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "T" * 31
    assert sheet["B2"].value == 1250.5


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError):
        spreadsheet_response(ROWS, name="x", fmt="ods")


class NameForm(forms.Form):
    name = forms.CharField()


def _form():
    form = NameForm({"name": "Dupont"})
    assert form.is_valid()
    return form


def test_field_errors_go_on_their_field_and_others_on_the_whole_form():
    form = _form()
    add_service_error(form, ValidationError({"name": "Déjà pris.", "siren": "SIREN invalide."}))
    assert form.errors["name"] == ["Déjà pris."]
    assert form.non_field_errors() == ["SIREN invalide."]


def test_a_domain_error_says_its_message_on_the_whole_form():
    form = _form()
    add_service_error(form, CoreError("Seul un brouillon peut être modifié."))
    assert form.non_field_errors() == ["Seul un brouillon peut être modifié."]
    form = _form()
    add_service_error(form, ValidationError("Montant %(n)s refusé.", params={"n": 3}))
    assert form.non_field_errors() == ["Montant 3 refusé."]


def test_one_unit_price_filter_with_the_empty_display_as_a_parameter():
    from django.template import Context, Template
    from django.utils import translation

    template = Template(
        '{% load comptoir %}{{ a|unit_price }}|{{ b|unit_price }}|{{ b|unit_price:"—" }}'
    )
    with translation.override("fr"):
        assert template.render(Context({"a": Decimal("1250.1250"), "b": None})) == (
            "1\u202f250,125||—"
        )
    with translation.override("en"):
        assert template.render(Context({"a": Decimal("0.5"), "b": ""})) == "0.50||—"
