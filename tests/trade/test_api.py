"""Currencies and exchange rates through the API."""

import datetime
from decimal import Decimal

import pytest

from comptoir.trade.models import ExchangeRate

pytestmark = pytest.mark.django_db


def test_currencies_with_their_latest_rate(client, company, token_for):
    for day, rate in ((30, "1.0842"), (2, "1.0500"), (12, "1.0700")):
        ExchangeRate.objects.create(
            currency_id="USD", date=datetime.date(2026, 11, day), rate=Decimal(rate)
        )
    response = client.get("/api/v1/currencies", headers=token_for("direction"))
    assert response.status_code == 200, response.content
    by_code = {c["code"]: c for c in response.json()}
    assert by_code["EUR"]["is_company_currency"] is True
    assert by_code["XPF"]["minor_units"] == 0
    assert Decimal(by_code["XPF"]["fixed_rate"]) == Decimal("119.3317422434")
    assert Decimal(by_code["USD"]["latest_rate"]) == Decimal("1.0842")
    assert by_code["USD"]["latest_date"] == "2026-11-30"
    assert by_code["GBP"]["latest_rate"] is None


def test_record_a_rate(client, company, token_for):
    headers = token_for("adv")
    response = client.post(
        "/api/v1/exchange-rates",
        {"currency": "gbp", "date": "2026-11-30", "rate": "0.8421", "source": "ecb"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201, response.content
    assert ExchangeRate.objects.get().currency_id == "GBP"
    response = client.post(
        "/api/v1/exchange-rates",
        {"currency": "XPF", "date": "2026-11-30", "rate": "120"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "currency"
    response = client.get("/api/v1/exchange-rates", {"currency": "GBP"}, headers=headers)
    assert [r["rate"] for r in response.json()] == ["0.8421000000"]
    response = client.post(
        "/api/v1/exchange-rates",
        {"currency": "USD", "date": "2026-11-30", "rate": "1"},
        content_type="application/json",
        headers=token_for("teleconseiller"),
    )
    assert response.status_code == 403
