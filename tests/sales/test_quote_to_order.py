"""An accepted quote turned into an order from its page and through the API: both go through
`order_from_quote`, so the same credit decision leaves the same order either way."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from comptoir.sales import services
from comptoir.sales.credit import CreditDecision
from comptoir.sales.models import Order
from tests.sales.factories import quote_for

WARN = CreditDecision("warn", "Encours 48 000 € sur 50 000 € autorisés")
BLOCK = CreditDecision("block", "Encours dépassé : 62 000 € pour 50 000 € autorisés")


def fake_warn(*, customer, amount):
    return WARN


def fake_block(*, customer, amount):
    return BLOCK


@pytest.fixture
def accepted(users, django_capture_on_commit_callbacks):
    quote = quote_for(users["adv"])
    with django_capture_on_commit_callbacks(execute=True):
        services.quote_send(by=users["adv"], quote=quote)
    return services.quote_accept(quote=quote, name="Claire Martin")


@pytest.fixture
def convert(client, users, token_for):
    """convert(channel, quote, **fields): the quote page's button or the API's POST."""

    def run(channel: str, quote, **fields):
        if channel == "page":
            client.force_login(users["adv"])
            data = {"customer_reference": "BC-9"}
            if fields.get("override"):
                data["override"] = "on"
            return client.post(reverse("sales:quote-to-order", args=[quote.pk]), data)
        return client.post(
            f"/api/v1/quotes/{quote.pk}/order",
            {"customer_reference": "BC-9", **fields},
            content_type="application/json",
            headers=token_for("adv"),
        )

    return run


def state(order: Order) -> tuple:
    return (
        order.status,
        bool(order.number),
        order.customer_reference,
        order.credit_outcome,
        order.credit_message,
        order.credit_override_by_id is not None,
    )


@pytest.mark.parametrize("channel", ["page", "api"])
@pytest.mark.parametrize(
    ("check", "override", "expected"),
    [
        (None, False, ("confirmed", True, "BC-9", "ok", "", False)),
        ("fake_warn", False, ("confirmed", True, "BC-9", "warn", WARN.message, False)),
        ("fake_block", False, ("draft", False, "BC-9", "block", BLOCK.message, False)),
        ("fake_block", True, ("confirmed", True, "BC-9", "block", BLOCK.message, True)),
    ],
)
def test_the_page_and_the_api_make_the_same_order(
    channel, check, override, expected, accepted, convert, users, settings
):
    # Given a credit hook answering ok, warn or block, and someone allowed to override
    if check:
        settings.COMPTOIR_CREDIT_CHECK = f"tests.sales.test_quote_to_order.{check}"
    if override:
        users["adv"].user_permissions.add(Permission.objects.get(codename="override_credit_block"))
    # When the accepted quote is turned into an order
    response = convert(channel, accepted, **({"override": True} if override else {}))
    # Then there is one order, confirmed or left a draft that says why, whatever the channel
    order = accepted.orders.get()
    assert state(order) == expected
    if channel == "page":
        assert response.url == reverse("sales:order", args=[order.pk])
    else:
        assert response.status_code == 201
        body = response.json()
        assert (body["id"], body["status"], body["credit_outcome"]) == (
            order.pk,
            expected[0],
            expected[3],
        )


@pytest.mark.parametrize("channel", ["page", "api"])
def test_the_page_and_the_api_refuse_an_override_without_the_right(
    channel, accepted, convert, settings
):
    settings.COMPTOIR_CREDIT_CHECK = "tests.sales.test_quote_to_order.fake_block"
    response = convert(channel, accepted, override=True)
    assert response.status_code == 403
    assert not Order.objects.exists()


@pytest.mark.parametrize("channel", ["page", "api"])
def test_a_quote_not_accepted_makes_no_order(channel, users, convert):
    quote = quote_for(users["adv"])
    response = convert(channel, quote)
    assert not Order.objects.exists()
    if channel == "page":
        assert response.url == reverse("sales:quote", args=[quote.pk])
    else:
        assert response.status_code == 400
