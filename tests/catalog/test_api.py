"""The catalog API: products (margins hidden from who may not see them), price lists and
breaks, /prices; the house error shape for bad input."""

from decimal import Decimal

import pytest

from comptoir.catalog.models import PriceListItem, Product
from tests.catalog.factories import (
    CustomerTermsFactory,
    PriceListFactory,
    PriceListItemFactory,
    ProductFactory,
    ProductFamilyFactory,
    TaxRateFactory,
)
from tests.french import french
from tests.parties.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def product(company):
    return ProductFactory(
        reference="CUI-FM10",
        label="Four mixte 10 niveaux",
        family=ProductFamilyFactory(name="Cuisson"),
        purchase_cost=D("5980"),
        sale_price=D("9450"),
    )


def test_list_and_filter_products(client, product, token_for):
    ProductFactory(reference="SRV-HTEC", label="Heure de technicien", kind="service")
    headers = token_for("adv")
    response = client.get("/api/v1/products", headers=headers)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 2
    response = client.get("/api/v1/products", {"kind": "service"}, headers=headers)
    assert [p["reference"] for p in response.json()["items"]] == ["SRV-HTEC"]
    response = client.get("/api/v1/products", {"q": "four", "limit": 1}, headers=headers)
    item = response.json()["items"][0]
    assert item["reference"] == "CUI-FM10"
    assert item["family"] == "Cuisson"
    assert D(item["sale_price"]) == D("9450")
    assert D(item["purchase_cost"]) == D("5980")
    assert D(item["margin"]) == D("3470")


@pytest.mark.parametrize("role", ["teleconseiller", "charge_clientele"])
def test_margin_is_not_sent_to_who_may_not_see_it(client, product, token_for, role):
    headers = token_for(role)
    for url in ("/api/v1/products", f"/api/v1/products/{product.pk}"):
        text = client.get(url, headers=headers).content.decode()
        assert "purchase_cost" not in text and "margin" not in text and "5980" not in text


def test_outsider_gets_403(client, product, token_for):
    headers = token_for("outsider")
    for url in (
        "/api/v1/products",
        f"/api/v1/products/{product.pk}",
        "/api/v1/price-lists",
        f"/api/v1/prices?product={product.pk}",
        "/api/v1/currencies",
        "/api/v1/exchange-rates",
    ):
        response = client.get(url, headers=headers)
        assert response.status_code == 403, url
        assert response.json()["code"] == "forbidden"


def test_create_and_update_a_product(client, company, token_for):
    tax = TaxRateFactory()
    headers = token_for("adv")
    payload = {
        "reference": "INS-STD",
        "label": "Forfait installation",
        "kind": "service",
        "unit": "package",
        "sale_price": "320",
        "purchase_cost": "140",
        "tax_rate_id": tax.pk,
    }
    response = client.post(
        "/api/v1/products", payload, content_type="application/json", headers=headers
    )
    assert response.status_code == 201, response.content
    product_id = response.json()["id"]
    assert Product.objects.get(pk=product_id).purchase_cost == D("140")

    response = client.post(
        "/api/v1/products",
        {**payload, "reference": "ins-std"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "reference", "message": "Un autre produit porte déjà cette référence."}
    ]
    response = client.post(
        "/api/v1/products",
        {**payload, "reference": "NEG", "sale_price": "-1"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "sale_price"

    response = client.patch(
        f"/api/v1/products/{product_id}",
        {"active": False},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200
    assert response.json()["active"] is False

    # Who may not see margins may not send a cost.
    response = client.post(
        "/api/v1/products",
        {**payload, "reference": "X-1"},
        content_type="application/json",
        headers=token_for("charge_clientele"),
    )
    assert response.status_code == 403


def test_price_list_breaks_and_price_for_a_customer(client, product, token_for):
    headers = token_for("adv")
    response = client.post(
        "/api/v1/price-lists",
        {"name": "Tarif revendeurs", "kind": "key_account"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201, response.content
    list_id = response.json()["id"]
    url = f"/api/v1/price-lists/{list_id}/items"
    for threshold, price in (("1", "9000"), ("5", "8500")):
        response = client.post(
            url,
            {"product_id": product.pk, "min_quantity": threshold, "unit_price": price},
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code == 201, response.content
    response = client.post(
        url,
        {"product_id": product.pk, "min_quantity": "-1", "unit_price": "1"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    assert (
        response.json()["errors"][0]["message"] == "Un palier de quantité ne peut pas être négatif."
    )
    assert PriceListItem.objects.count() == 2
    detail = client.get(f"/api/v1/price-lists/{list_id}", headers=headers).json()
    assert [i["min_quantity"] for i in detail["items"]] == ["1.000", "5.000"]

    customer = OrganisationFactory()
    CustomerTermsFactory(party=customer, price_list_id=list_id, discount_percent=D("2"))
    response = client.get(
        "/api/v1/prices",
        {"product": product.pk, "customer": customer.pk, "quantity": "6"},
        headers=token_for("teleconseiller"),
    )
    assert response.status_code == 200, response.content
    price = response.json()
    assert D(price["unit_price"]) == D("8500")
    assert D(price["discount_percent"]) == D("2")
    assert D(price["line_net"]) == D("49980.00")
    assert price["source_kind"] == "key_account"
    assert price["source"] == french(
        "Tarif grands comptes « Tarif revendeurs » à partir de 5 ; remise générale du client de 2 %"
    )


def test_price_without_customer_is_the_general_price(client, product, token_for):
    PriceListItemFactory(price_list=PriceListFactory(), product=product, unit_price=D("9300"))
    response = client.get("/api/v1/prices", {"product": product.pk}, headers=token_for("adv"))
    assert D(response.json()["unit_price"]) == D("9300")
    assert response.json()["customer_id"] is None


def test_families_for_the_ids_of_products(client, product, token_for):
    response = client.get("/api/v1/product-families", headers=token_for("teleconseiller"))
    assert response.json() == [
        {"id": product.family_id, "name": "Cuisson", "parent_id": None, "product_count": 1}
    ]
    assert client.get("/api/v1/product-families", headers=token_for("outsider")).status_code == 403


@pytest.mark.parametrize(
    "params",
    [
        {"product": "999999"},
        {"product": "1", "customer": "999999"},
        {"product": "1", "quantity": "-1"},
        {"product": "1", "quantity": "1e30"},
        {"product": "abc"},
        {"product": "1", "on_date": "2026-02-31"},
    ],
)
def test_bad_price_questions_get_the_house_error(client, product, token_for, params):
    params = {k: (str(product.pk) if v == "1" and k == "product" else v) for k, v in params.items()}
    response = client.get("/api/v1/prices", params, headers=token_for("adv"))
    assert response.status_code in (404, 422), response.content
    assert set(response.json()) == {"code", "message", "errors"}


def test_price_lists_in_few_queries_even_when_empty(
    client, company, token_for, django_assert_max_num_queries
):
    for index in range(12):
        price_list = PriceListFactory()
        if index % 2:
            PriceListItemFactory(price_list=price_list)
    headers = token_for("adv")
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/price-lists", headers=headers)
    assert response.status_code == 200, response.content
    counts = sorted(p["item_count"] for p in response.json())
    assert counts == [0] * 6 + [1] * 6
