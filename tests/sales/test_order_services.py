"""Orders through their services: from an accepted quote in one action, direct, numbering
at confirmation, the credit hook (warn, block, override), launch, cancellation, the
delivery hook."""

from decimal import Decimal

import pytest
from django.utils import timezone

from comptoir.core.exceptions import NotAllowed
from comptoir.parties.models import Interaction
from comptoir.sales import services
from comptoir.sales.credit import CreditDecision
from comptoir.sales.exceptions import CreditBlocked, NotEditable, SalesError, TransitionRefused
from tests.sales.factories import customer_with_email, item, quote_for

WARN = CreditDecision("warn", "Encours 48 000 € sur 50 000 € autorisés")
BLOCK = CreditDecision("block", "Encours dépassé : 62 000 € pour 50 000 € autorisés")


def fake_warn(*, customer, amount):
    return WARN


def fake_block(*, customer, amount):
    return BLOCK


@pytest.fixture
def adv(users):
    return users["adv"]


@pytest.fixture
def accepted(adv, django_capture_on_commit_callbacks):
    quote = quote_for(adv, incoterm="DAP", incoterm_place="Lyon", currency="EUR")
    with django_capture_on_commit_callbacks(execute=True):
        services.quote_send(by=adv, quote=quote)
    return services.quote_accept(quote=quote, name="Claire Martin")


def direct_order(adv, **fields):
    quote_for(adv, lines=[])  # installs the tax rates
    return services.order_create(
        by=adv,
        customer=customer_with_email(),
        lines=[item("Four mixte 10 niveaux", "1", "9800")],
        customer_reference="BC-2026-118",
        **fields,
    )


def test_an_accepted_quote_becomes_an_order_in_one_action(adv, accepted):
    order = services.order_create_from_quote(by=adv, quote=accepted, customer_reference="PO-77")
    assert order.quote == accepted and order.customer == accepted.customer
    assert (order.incoterm, order.incoterm_place) == ("DAP", "Lyon")
    assert order.total == accepted.total and order.total_net == accepted.total_net
    assert list(order.lines.values_list("label", "quantity")) == list(
        accepted.lines.values_list("label", "quantity")
    )
    assert order.customer_reference == "PO-77" and order.status == "draft"
    with pytest.raises(SalesError, match="already|déjà"):
        services.order_create_from_quote(by=adv, quote=accepted)


def test_only_an_accepted_quote_becomes_an_order(adv):
    with pytest.raises(SalesError):
        services.order_create_from_quote(by=adv, quote=quote_for(adv))


def test_confirmation_numbers_the_order_and_logs_it(adv):
    order = direct_order(adv)
    order = services.order_confirm(by=adv, order=order)
    assert order.number == f"CO-{timezone.localdate().year}-00001"
    assert order.status == "confirmed" and order.confirmed_by == adv
    assert order.credit_outcome == "ok"
    assert Interaction.objects.filter(party=order.customer, kind="order").exists()
    with pytest.raises(NotEditable):
        services.order_line_add(by=adv, order=order, **item())


def test_a_credit_warning_is_kept_on_the_order(adv, settings):
    settings.COMPTOIR_CREDIT_CHECK = "tests.sales.test_order_services.fake_warn"
    order = services.order_confirm(by=adv, order=direct_order(adv))
    assert order.status == "confirmed"
    assert (order.credit_outcome, order.credit_message) == ("warn", WARN.message)


def test_a_credit_block_refuses_unless_overridden_by_someone_allowed(adv, users, settings):
    settings.COMPTOIR_CREDIT_CHECK = "tests.sales.test_order_services.fake_block"
    order = direct_order(adv)
    with pytest.raises(CreditBlocked, match="Encours"):
        services.order_confirm(by=adv, order=order)
    order.refresh_from_db()
    assert order.status == "draft" and order.number == ""
    with pytest.raises(NotAllowed):
        services.order_confirm(by=adv, order=order, override=True)
    order = services.order_confirm(by=users["direction"], order=order, override=True)
    assert order.status == "confirmed"
    assert order.credit_outcome == "block" and order.credit_override_by == users["direction"]


def test_the_credit_hook_gets_the_amount_in_the_company_currency(adv, settings):
    seen = {}

    def spy(*, customer, amount):
        seen["amount"] = amount
        return CreditDecision("ok")

    settings.COMPTOIR_CREDIT_CHECK = "tests.sales.test_order_services.SPY"
    globals()["SPY"] = spy
    order = direct_order(adv, currency="USD", exchange_rate=Decimal("1.2"))
    services.order_confirm(by=adv, order=order)
    assert seen["amount"] == Decimal("9800.00")  # 9800 USD + 20 % = 11760 USD at 1.2 per EUR


def test_launch_is_a_tracked_step(adv):
    order = services.order_confirm(by=adv, order=direct_order(adv))
    with pytest.raises(TransitionRefused):
        services.order_launch(by=adv, order=direct_order(adv))
    order = services.order_launch(by=adv, order=order)
    assert order.status == "in_preparation"
    assert order.launched_by == adv and order.launched_at is not None


def test_cancellation_of_a_confirmed_order_needs_a_reason(adv):
    order = services.order_confirm(by=adv, order=direct_order(adv))
    with pytest.raises(SalesError):
        services.order_cancel(by=adv, order=order, reason="")
    order = services.order_cancel(by=adv, order=order, reason="Client en liquidation")
    assert order.status == "cancelled"
    with pytest.raises(TransitionRefused):
        services.order_launch(by=adv, order=order)


def test_the_delivery_hook_sets_partly_then_fully_delivered(adv):
    order = direct_order(adv)
    services.order_line_add(by=adv, order=order, **item("Étagère", "4", "120"))
    order = services.order_confirm(by=adv, order=order)
    first, second = order.lines.order_by("position")
    order = services.order_delivery_progress(order=order, delivered={first.pk: Decimal(1)})
    assert order.status == "partly_delivered"
    order = services.order_delivery_progress(
        order=order, delivered={first.pk: Decimal(1), second.pk: Decimal(4)}
    )
    assert order.status == "delivered"
    assert services.order_mark_invoiced(order=order).status == "invoiced"


def test_orders_are_for_adv(users):
    order = direct_order(users["adv"])
    for role in ("charge_clientele", "teleconseiller", "direction", "outsider"):
        with pytest.raises(NotAllowed):
            services.order_confirm(by=users[role], order=order)


def test_the_override_right_is_not_a_right_to_confirm_any_order(adv, users):
    with pytest.raises(NotAllowed):
        services.order_confirm(by=users["direction"], order=direct_order(adv), override=True)
