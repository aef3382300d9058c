"""Whatever the partial deliveries, the books agree: a note never proposes more than is left,
the backorder is what was ordered less what was signed for, and the order is delivered
exactly when every line is (property test, each example rolled back)."""

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comptoir.sales import queries, services
from comptoir.sales.models import Order

from .delivery_factories import order_with_lines

quantities = st.lists(st.integers(min_value=1, max_value=20), min_size=1, max_size=3)
# Each round: per line, the share of what is left to put on the note (0 to all), and
# whether the customer signs for one unit less on the first line.
rounds = st.lists(
    st.tuples(st.lists(st.sampled_from([0, 0.5, 1]), min_size=3, max_size=3), st.booleans()),
    min_size=1,
    max_size=4,
)


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ordered=quantities, plan=rounds)
def test_partial_deliveries_keep_order_and_backorder_true(users, ordered, plan):
    adv = users["adv"]
    with transaction.atomic():
        order = order_with_lines(*ordered)
        lines = list(order.lines.order_by("position"))
        signed = {line.pk: Decimal(0) for line in lines}
        for shares, short in plan:
            left = services.order_line_quantities(order)
            wanted = {
                line.pk: (left[line.pk].to_prepare * Decimal(str(share))).to_integral_value()
                for line, share in zip(lines, shares, strict=False)
            }
            if not any(wanted.values()):
                continue
            # Then a note never takes more than is left
            assert all(wanted[pk] <= left[pk].to_prepare for pk in wanted)
            note = services.delivery_prepare(order=order, quantities=wanted, by=adv)
            services.delivery_ship(delivery=note, by=adv)
            received = {}
            for row in note.lines.all():
                got = (
                    row.quantity - 1 if short and row.order_line_id == lines[0].pk else row.quantity
                )
                received[row.pk] = max(got, Decimal(0))
                signed[row.order_line_id] += max(got, Decimal(0))
            services.delivery_deliver(delivery=note, received=received, by=adv)

        order = Order.objects.get(pk=order.pk)
        backorder = {b.line.pk: b.left for b in queries.backorder_lines([order])}
        expected = {
            line.pk: line.quantity - signed[line.pk]
            for line in lines
            if signed[line.pk] < line.quantity
        }
        assert backorder == expected
        complete = all(signed[line.pk] >= line.quantity for line in lines)
        started = any(signed.values())
        assert order.status == (
            "delivered" if complete else "partly_delivered" if started else "confirmed"
        )
        transaction.set_rollback(True)
