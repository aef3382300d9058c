"""The conformity check of a delivery against its order, as pure functions: each kind of
finding, the backorder, and properties that hold for any quantities."""

from decimal import Decimal

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from comptoir.sales import delivery_conformity as conformity
from comptoir.sales.delivery_conformity import DeliveredLine, OrderedLine
from tests.french import french

D = Decimal
PUMP = OrderedLine(key=1, label="Pompe doseuse PD-40", quantity=D(10), reference="PD-40")
HOSE = OrderedLine(key=2, label="Tuyau inox 3 m", quantity=D(4), reference="TX-3")


def kinds(ordered, delivered) -> list[str]:
    return [f.kind for f in conformity.check(ordered, delivered).findings]


def test_all_received_as_announced_is_compliant_even_when_partial():
    delivered = [DeliveredLine(order_line=1, label="Pompe", shipped=D(6), received=D(6))]
    result = conformity.check([PUMP, HOSE], delivered)
    assert result.is_conform
    # A partial delivery is not a finding: what is left is the backorder.
    assert conformity.backorder([PUMP, HOSE], delivered) == {1: D(4), 2: D(4)}


def test_before_anyone_signs_the_note_reads_as_received():
    delivered = [DeliveredLine(order_line=1, label="Pompe", shipped=D(10))]
    assert conformity.check([PUMP], delivered).is_conform
    assert conformity.backorder([PUMP], delivered) == {}


def test_missing_short_and_over():
    delivered = [
        DeliveredLine(order_line=1, label="Pompe", shipped=D(5), received=D(0)),
        DeliveredLine(order_line=2, label="Tuyau", shipped=D(4), received=D(3)),
    ]
    assert kinds([PUMP, HOSE], delivered) == ["missing", "short"]
    over = [DeliveredLine(order_line=1, label="Pompe", shipped=D(5), received=D(6))]
    found = conformity.check([PUMP], over).findings
    assert [(f.kind, f.expected, f.actual) for f in found] == [("over", D(5), D(6))]


def test_wrong_item_is_not_on_the_order():
    delivered = [
        DeliveredLine(order_line=1, label="Pompe", shipped=D(10), received=D(10)),
        DeliveredLine(order_line=None, label="Pompe PD-60", shipped=D(1), reference="PD-60"),
    ]
    found = conformity.check([PUMP], delivered).findings
    assert [(f.kind, f.reference, f.actual) for f in found] == [("wrong_item", "PD-60", D(1))]
    # An order line key that is not this order's is a wrong item too.
    assert kinds([PUMP], [DeliveredLine(order_line=99, label="?", shipped=D(1))]) == ["wrong_item"]


def test_extra_item_of_the_order_not_announced_on_this_note():
    delivered = [
        DeliveredLine(order_line=1, label="Pompe", shipped=D(10), received=D(10)),
        DeliveredLine(order_line=2, label="Tuyau", shipped=D(0), received=D(1)),
    ]
    assert kinds([PUMP, HOSE], delivered) == ["extra_item"]


def test_more_than_ordered_counts_what_earlier_notes_delivered():
    pump = OrderedLine(key=1, label="Pompe", quantity=D(10), delivered_before=D(7))
    delivered = [DeliveredLine(order_line=1, label="Pompe", shipped=D(4), received=D(4))]
    found = conformity.check([pump], delivered).findings
    assert [(f.kind, f.expected, f.actual) for f in found] == [("over_order", D(10), D(11))]
    assert conformity.backorder([pump], delivered) == {}


def test_rows_of_one_order_line_add_up():
    delivered = [
        DeliveredLine(order_line=1, label="Pompe", shipped=D(5), received=D(5)),
        DeliveredLine(order_line=1, label="Pompe", shipped=D(5), received=D(4)),
    ]
    found = conformity.check([PUMP], delivered).findings
    assert [(f.kind, f.expected, f.actual) for f in found] == [("short", D(10), D(9))]


def test_summary_in_french():
    delivered = [
        DeliveredLine(order_line=1, label="Pompe doseuse PD-40", shipped=D(10), received=D(8)),
        DeliveredLine(order_line=None, label="Pompe PD-60", shipped=D(1)),
    ]
    with translation.override("fr"):
        text = conformity.summary(conformity.check([PUMP], delivered))
        assert text == [
            french("Article erroné : Pompe PD-60 (quantité 1) ne figure pas sur la commande."),
            french("Quantité insuffisante : Pompe doseuse PD-40 — annoncé 10, reçu 8 (manque 2)."),
        ]
        assert conformity.summary(conformity.check([PUMP], [])) == [
            french("Conforme : tout ce qui était annoncé a été reçu, rien d'autre.")
        ]


quantities = st.integers(min_value=0, max_value=50).map(Decimal)


@st.composite
def order_and_delivery(draw):
    count = draw(st.integers(min_value=1, max_value=5))
    ordered = [
        OrderedLine(
            key=k,
            label=f"Article {k}",
            quantity=draw(quantities),
            delivered_before=draw(quantities),
        )
        for k in range(count)
    ]
    delivered = [
        DeliveredLine(
            order_line=draw(st.one_of(st.none(), st.integers(min_value=0, max_value=count))),
            label="ligne",
            shipped=draw(quantities),
            received=draw(st.one_of(st.none(), quantities)),
        )
        for _ in range(draw(st.integers(min_value=0, max_value=6)))
    ]
    return ordered, delivered


@given(order_and_delivery())
def test_received_exactly_what_was_announced_on_order_lines_is_compliant_up_to_the_order(case):
    ordered, delivered = case
    keys = {line.key for line in ordered}
    exact = [
        DeliveredLine(order_line=d.order_line, label=d.label, shipped=d.shipped)
        for d in delivered
        if d.order_line in keys
    ]
    found = conformity.check(ordered, exact)
    # Only the order can be exceeded when every line arrives as announced.
    assert found.kinds <= {"over_order"}


@given(order_and_delivery())
def test_backorder_and_over_order_never_overlap(case):
    ordered, delivered = case
    found = conformity.check(ordered, delivered)
    left = conformity.backorder(ordered, delivered)
    over = {f.label for f in found.of_kind("over_order")}
    assert all(value > 0 for value in left.values())
    assert not over & {line.label for line in ordered if line.key in left}
    # One finding of missing/short/over/extra at most per order line.
    per_line = [f.label for f in found.findings if f.kind in ("missing", "short", "over")]
    assert len(per_line) == len(set(per_line))


@given(order_and_delivery())
def test_every_line_off_the_order_is_one_wrong_item(case):
    ordered, delivered = case
    keys = {line.key for line in ordered}
    off = [d for d in delivered if d.order_line not in keys]
    assert len(conformity.check(ordered, delivered).of_kind("wrong_item")) == len(off)
