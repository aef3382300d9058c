"""Who may be the customer of a quote, an order or a contract: the parties the author's
client base shows them (`parties.queries.customer_choices`), never an erased one; the form
says so in French, the API answers 400 `customer_unavailable`."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from comptoir.parties.queries import customer_choices
from comptoir.sales.models import Order, Quote
from tests.conftest import make_user
from tests.parties.factories import OrganisationFactory
from tests.sales.factories import customer_with_email, quote_for

REFUSED = "Ce client ne peut pas être choisi"


@pytest.fixture
def erased(tax_rates):
    return OrganisationFactory(name="Ancien client effacé", anonymised_at=timezone.now())


@pytest.fixture
def blind_seller(db, company):
    """May write quotes and orders but not see the client base."""
    user = make_user("aveugle")
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="sales",
            codename__in=("view_quote", "add_quote", "view_order", "add_order"),
        )
    )
    return user


def test_the_choices_leave_out_erased_parties_and_everyone_for_a_user_without_the_list(
    users, erased, blind_seller
):
    alive = customer_with_email(legal_name="Brasserie du Parc")
    assert [party.pk for party in customer_choices(user=users["adv"])] == [alive.pk]
    assert not customer_choices(user=blind_seller).exists()
    assert not customer_choices(user=users["outsider"]).exists()


def _quote_form(customer) -> dict:
    return {
        "customer": customer.pk,
        "title": "Bar",
        "valid_until": "2030-01-31",
        "currency": "EUR",
        "exchange_rate": "1",
        "discount_percent": "0",
    }


def test_the_quote_form_refuses_an_erased_customer_in_french(client_as, erased):
    response = client_as("adv").post(reverse("sales:quote-add"), _quote_form(erased))
    assert response.status_code == 200
    assert REFUSED in response.text
    assert not Quote.objects.filter(customer=erased).exists()


def test_the_quote_form_refuses_any_customer_to_who_cannot_see_the_client_base(
    client, blind_seller, tax_rates
):
    customer = customer_with_email(legal_name="Brasserie du Parc")
    client.force_login(blind_seller)
    response = client.post(reverse("sales:quote-add"), _quote_form(customer))
    assert REFUSED in response.text
    assert not Quote.objects.filter(customer=customer).exists()


def test_the_order_form_refuses_an_erased_customer(client_as, erased):
    response = client_as("adv").post(
        reverse("sales:order-add"),
        {
            "customer": erased.pk,
            "order_date": "2026-03-02",
            "currency": "EUR",
            "exchange_rate": "1",
            "discount_percent": "0",
        },
    )
    assert REFUSED in response.text
    assert not Order.objects.filter(customer=erased).exists()


def test_a_draft_keeps_its_customer_once_erased_but_cannot_take_another_erased_one(
    client_as, users, erased
):
    # given a draft quote whose customer's data was erased since
    customer = customer_with_email(legal_name="Brasserie du Parc")
    quote = quote_for(users["adv"], customer=customer)
    customer.anonymised_at = timezone.now()
    customer.save(update_fields=["anonymised_at"])
    client = client_as("adv")
    # when its terms are saved, it keeps that customer
    kept = client.post(reverse("sales:quote-edit", args=[quote.pk]), _quote_form(customer))
    assert kept.status_code == 302
    # but it cannot be moved to another erased party
    moved = client.post(reverse("sales:quote-edit", args=[quote.pk]), _quote_form(erased))
    assert moved.status_code == 400 and REFUSED in moved.text
    quote.refresh_from_db()
    assert quote.customer_id == customer.pk


def test_the_contract_form_refuses_an_erased_customer(client_as, users, erased):
    response = client_as("adv").post(
        reverse("sales:contract-add"),
        {
            "kind": "maintenance",
            "customer": erased.pk,
            "start_date": "2026-01-01",
            "owner": users["adv"].pk,
            "renewal_months": 12,
            "notice_months": 3,
            "alert_days": 30,
            "price": "2400.00",
            "currency": "EUR",
            "billing_frequency": "monthly",
            "index_fixed_part": "0",
        },
    )
    assert REFUSED in response.text
    assert not erased.contracts.exists()


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/quotes", {"title": "Bar", "lines": []}),
        ("/api/v1/orders", {"lines": []}),
        ("/api/v1/contracts", {"kind": "maintenance", "start_date": "2026-01-01"}),
    ],
)
def test_the_api_refuses_an_erased_or_unknown_customer(client, token_for, erased, path, body):
    for customer_id in (erased.pk, erased.pk + 1000):
        response = client.post(
            path,
            {**body, "customer_id": customer_id},
            content_type="application/json",
            headers=token_for("adv"),
        )
        assert response.status_code == 400, response.json()
        assert response.json()["code"] == "customer_unavailable"
        assert response.json()["message"].startswith(REFUSED)
