"""AmountField keeps amounts exact where SQLite would sum a DecimalField as binary floats."""

from decimal import Decimal

import pytest
from django import forms
from django.apps.registry import Apps
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Sum

from comptoir.core.fields import AmountField

# Kept out of the project's app registry so that makemigrations never sees it.
test_apps = Apps()


class Payment(models.Model):
    amount = AmountField(null=True)

    class Meta:
        app_label = "core"
        db_table = "test_amountfield_payment"
        apps = test_apps

    def __str__(self) -> str:
        return str(self.amount)


@pytest.fixture
def payments(transactional_db):
    # SQLite's schema editor refuses to run inside a transaction: hence transactional_db.
    with connection.schema_editor() as editor:
        editor.create_model(Payment)
    yield Payment
    with connection.schema_editor() as editor:
        editor.delete_model(Payment)


def test_thousands_of_cents_sum_exactly_in_sql(payments):
    payments.objects.bulk_create(
        [payments(amount=Decimal("0.10")) for _ in range(3000)]
        + [payments(amount=Decimal("0.20")) for _ in range(3000)],
        batch_size=500,
    )

    total = payments.objects.aggregate(total=Sum("amount"))["total"]

    assert isinstance(total, Decimal)
    assert total == Decimal("900.00")
    assert str(total) == "900.00"


def test_an_amount_reads_back_as_a_two_place_decimal(payments):
    payment = payments.objects.create(amount=Decimal("12.3"))
    payments.objects.create(amount=Decimal("-0.05"))
    payments.objects.create(amount=None)

    payment.refresh_from_db()

    assert str(payment.amount) == "12.30"
    assert list(payments.objects.order_by("pk").values_list("amount", flat=True)) == [
        Decimal("12.30"),
        Decimal("-0.05"),
        None,
    ]


def test_filters_compare_amounts_not_hundredths(payments):
    for value in ("10.09", "10.10", "10.11", "250.00"):
        payments.objects.create(amount=Decimal(value))

    assert payments.objects.filter(amount__gte=Decimal("10.10")).count() == 3
    assert payments.objects.filter(amount__lt=Decimal("10.1")).count() == 1
    assert payments.objects.filter(amount=Decimal("250")).count() == 1
    assert payments.objects.filter(amount__in=[Decimal("10.09"), Decimal("10.11")]).count() == 2
    assert payments.objects.filter(amount__range=(Decimal("10"), Decimal("11"))).count() == 3


def test_sum_of_nothing_is_none_or_the_default(payments):
    assert payments.objects.aggregate(total=Sum("amount"))["total"] is None
    assert payments.objects.aggregate(total=Sum("amount", default=0))["total"] == Decimal("0.00")


def test_more_than_two_decimals_is_refused_not_rounded(payments):
    with pytest.raises(ValueError, match="more than 2 decimal places"):
        payments.objects.create(amount=Decimal("0.105"))
    with pytest.raises(ValueError, match="more than 2 decimal places"):
        payments.objects.filter(amount=Decimal("1.001")).count()
    assert payments.objects.count() == 0


def test_a_float_is_refused(payments):
    with pytest.raises(TypeError, match="float"):
        payments.objects.create(amount=0.1)
    for lookup in ("amount", "amount__gte", "amount__lt", "amount__lte", "amount__gt"):
        with pytest.raises(TypeError, match="float"):
            payments.objects.filter(**{lookup: 10.5}).count()


def test_sum_takes_the_amount_field_as_output_field(payments):
    payments.objects.bulk_create(
        [payments(amount=Decimal("0.10")) for _ in range(3000)]
        + [payments(amount=Decimal("0.20")) for _ in range(2000)],
        batch_size=500,
    )
    query = payments.objects.aggregate(total=Sum("amount"), rows=models.Count("pk"))

    assert isinstance(
        Sum("amount").resolve_expression(payments.objects.all().query).output_field, AmountField
    )
    assert query == {"total": Decimal("700.00"), "rows": 5000}
    by_amount = payments.objects.values("amount").annotate(total=Sum("amount")).order_by("amount")
    assert [(row["amount"], row["total"]) for row in by_amount] == [
        (Decimal("0.10"), Decimal("300.00")),
        (Decimal("0.20"), Decimal("400.00")),
    ]


def test_migrations_can_rebuild_the_field():
    name, path, args, kwargs = AmountField(null=True, db_index=True).deconstruct()
    assert path == "comptoir.core.fields.AmountField"
    rebuilt = AmountField(*args, **kwargs)
    assert (rebuilt.null, rebuilt.db_index) == (True, True)
    assert rebuilt.get_prep_value(Decimal("19.99")) == 1999


def test_full_clean_reports_a_bad_amount_as_a_field_error():
    with pytest.raises(ValidationError) as error:
        Payment(amount="1.234").full_clean()
    assert "amount" in error.value.message_dict
    assert Payment(amount="7.5").amount == "7.5"
    assert AmountField().to_python("7.5") == Decimal("7.50")


def test_forms_get_a_two_place_decimal_field():
    field = AmountField().formfield()
    assert isinstance(field, forms.DecimalField)
    assert field.decimal_places == 2
    assert field.clean("19.99") == Decimal("19.99")
    with pytest.raises(ValidationError):
        field.clean("19.999")
