"""A line's unit is a code of the catalog's units: stored and returned by the API as the
code, read by people as its label; lines written before keep their meaning through the data
migration."""

import importlib
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from comptoir.sales import services
from comptoir.sales.exceptions import InvalidLine
from tests.sales.factories import item, quote_for

migration = importlib.import_module("comptoir.sales.migrations.0008_line_unit_codes")


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("unité", "unit"),
        ("Unit", "unit"),
        ("u.", "unit"),
        ("pièce", "unit"),
        ("h", "hour"),
        ("heures", "hour"),
        ("jour", "day"),
        ("mois", "month"),
        ("kg", "kg"),
        ("m²", "m2"),
        ("litre", "l"),
        ("forfait", "package"),
        ("flat rate", "package"),
        ("", ""),
        ("carton", None),
    ],
)
def test_the_migration_reads_french_and_english_labels_as_codes(typed, code):
    assert migration.unit_code(typed) == code


def test_the_page_shows_the_label_and_the_editor_offers_the_units(client_as, users):
    quote = quote_for(users["adv"], lines=[item(unit="hour")])
    page = client_as("adv").get(reverse("sales:quote", args=[quote.pk]))
    line = quote.lines.get()
    assert '<option value="hour" selected>heure</option>' in page.text
    assert line.unit == "hour"
    with translation.override("en"):
        assert line.unit_label == "hour"


def test_an_unknown_unit_is_refused_by_the_service(users):
    quote = quote_for(users["adv"], lines=[])
    with pytest.raises(InvalidLine, match="carton"):
        services.quote_line_add(
            by=users["adv"], quote=quote, kind="item", label="Gobelets", unit="carton"
        )


def test_the_api_takes_and_returns_codes_and_documents_them(client, users, token_for):
    quote = quote_for(users["adv"], lines=[])
    headers = token_for("adv")
    added = client.post(
        f"/api/v1/quotes/{quote.pk}/lines",
        {"label": "Pose", "quantity": "3", "unit": "hour", "unit_price": "60"},
        content_type="application/json",
        headers=headers,
    )
    assert added.status_code == 201 and added.json()["unit"] == "hour"
    assert quote.lines.get().net_amount == Decimal("180.00")
    refused = client.post(
        f"/api/v1/quotes/{quote.pk}/lines",
        {"label": "Pose", "unit": "heure"},
        content_type="application/json",
        headers=headers,
    )
    assert refused.status_code == 422
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert set(schema["Unit"]["enum"]) >= {"unit", "hour", "day", "package"}


def test_the_migration_converts_old_lines_and_keeps_an_unknown_word_in_the_designation(users):
    from django.apps import apps

    quote = quote_for(users["adv"], lines=[item("Pose"), item("Gobelets")])
    quote.lines.filter(label="Pose").update(unit="heures")
    quote.lines.filter(label="Gobelets").update(unit="carton")
    migration.to_codes(apps, None)
    assert dict(quote.lines.values_list("label", "unit")) == {
        "Pose": "hour",
        "Gobelets (carton)": "",
    }
