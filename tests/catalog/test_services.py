"""Writes of the catalog: what is saved, what is refused and why, who may do it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from comptoir.catalog import services
from comptoir.catalog.exceptions import ProductInUse
from comptoir.catalog.models import CustomerDiscount, PriceListItem, Product
from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEntry
from tests.catalog.factories import (
    CustomerCategoryFactory,
    PriceListFactory,
    PriceListItemFactory,
    ProductFactory,
    ProductFamilyFactory,
    TaxRateFactory,
)
from tests.parties.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
D = Decimal


def product_fields(**extra):
    return {
        "reference": "POMP-100",
        "label": "Pompe doseuse 100 l/h",
        "kind": "product",
        "unit": "unit",
        "sale_price": D("1250.00"),
        "purchase_cost": D("780.00"),
        "tax_rate": TaxRateFactory(),
        **extra,
    }


def test_adv_creates_a_product_and_the_change_is_audited(users):
    product = services.product_create(by=users["adv"], **product_fields())
    assert Product.objects.get(reference="POMP-100").sale_price == D("1250.00")
    assert product.margin == D("470.00")
    assert product.margin_rate == D("37.6")
    entry = AuditEntry.objects.get(
        object_id=str(product.pk), action="create", object_repr__startswith="POMP-100"
    )
    assert entry.user == users["adv"]


def test_a_duplicate_reference_is_refused_whatever_its_case(users):
    services.product_create(by=users["adv"], **product_fields())
    with pytest.raises(ValidationError) as error:
        services.product_create(by=users["adv"], **product_fields(reference=" pomp-100 "))
    assert error.value.message_dict["reference"] == ["Un autre produit porte déjà cette référence."]
    assert Product.objects.count() == 1


@pytest.mark.parametrize("field", ["sale_price", "purchase_cost"])
def test_negative_price_or_cost_is_refused(users, field):
    with pytest.raises(ValidationError) as error:
        services.product_create(by=users["adv"], **product_fields(**{field: D("-1")}))
    assert "Un prix ou un coût ne peut pas être négatif." in error.value.message_dict[field]
    assert not Product.objects.exists()


def test_who_may_not_see_margins_may_not_set_a_cost(users):
    with pytest.raises(NotAllowed):
        services.product_create(by=users["charge_clientele"], **product_fields())
    product = ProductFactory()
    with pytest.raises(NotAllowed):
        services.product_update(by=users["teleconseiller"], product=product, purchase_cost=D("1"))


@pytest.mark.parametrize("role", ["teleconseiller", "prestataire", "outsider", "direction"])
def test_only_catalog_editors_create_products(users, role):
    with pytest.raises(NotAllowed):
        services.product_create(by=users[role], **product_fields())


def test_a_product_used_on_a_document_is_deactivated_not_deleted(users, monkeypatch):
    product = ProductFactory(reference="KIT-9")

    def protected(*args, **kwargs):
        raise ProtectedError("used by a quote line", set())

    monkeypatch.setattr(Product, "delete", protected)
    with pytest.raises(ProductInUse) as error:
        services.product_delete(product=product, by=users["administrateur"])
    assert error.value.code == "product_in_use"
    assert "KIT-9" in error.value.message
    services.product_set_active(product=product, active=False, by=users["adv"])
    product.refresh_from_db()
    assert product.active is False


def test_an_unused_product_is_deleted_with_its_prices(users):
    item = PriceListItemFactory()
    services.product_delete(product=item.product, by=users["administrateur"])
    assert not Product.objects.exists()
    assert not PriceListItem.objects.exists()
    with pytest.raises(NotAllowed):
        services.product_delete(product=ProductFactory(), by=users["adv"])


def test_quantity_breaks_refuse_a_negative_quantity_and_a_duplicate(users):
    price_list = PriceListFactory()
    product = ProductFactory()
    with pytest.raises(ValidationError) as error:
        services.price_list_item_save(
            price_list=price_list,
            product=product,
            min_quantity=D("-5"),
            unit_price=D("10"),
            by=users["adv"],
        )
    assert (
        "Un palier de quantité ne peut pas être négatif."
        in error.value.message_dict["min_quantity"]
    )
    services.price_list_item_save(
        price_list=price_list,
        product=product,
        min_quantity=D("10"),
        unit_price=D("9"),
        by=users["adv"],
    )
    with pytest.raises(ValidationError) as error:
        services.price_list_item_save(
            price_list=price_list,
            product=product,
            min_quantity=D("10"),
            unit_price=D("8"),
            by=users["adv"],
        )
    assert "Ce produit a déjà un prix à partir de cette quantité dans cette liste." in str(
        error.value
    )
    assert PriceListItem.objects.get().unit_price == D("9")


def test_price_list_dates_in_order(users):
    import datetime

    with pytest.raises(ValidationError) as error:
        services.price_list_save(
            by=users["adv"],
            name="Tarif 2026",
            kind="general",
            currency="EUR",
            valid_from=datetime.date(2026, 12, 31),
            valid_to=datetime.date(2026, 1, 1),
        )
    assert "La fin de validité doit suivre son début." in str(error.value)


def test_family_cannot_be_inside_its_own_child(users):
    top = services.family_save(by=users["adv"], name="Pompes")
    child = services.family_save(by=users["adv"], name="Doseuses", parent=top)
    with pytest.raises(ValidationError) as error:
        services.family_save(by=users["adv"], family=top, name="Pompes", parent=child)
    assert "parent" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.family_save(by=users["adv"], name="doseuses", parent=top)
    grandchild = services.family_save(by=users["adv"], name="Membranes", parent=child)
    for parent in (grandchild, top):
        top.refresh_from_db()
        with pytest.raises(ValidationError) as error:
            services.family_save(by=users["adv"], family=top, name="Pompes", parent=parent)
        assert "parent" in error.value.message_dict
    top.refresh_from_db()
    assert top.parent is None


def test_customer_terms_keep_payment_terms_on_the_party(users):
    party = OrganisationFactory()
    key_list = PriceListFactory(kind="key_account")
    category = CustomerCategoryFactory()
    terms = services.customer_terms_save(
        party=party,
        by=users["adv"],
        category=category,
        price_list=key_list,
        discount_percent=D("4"),
        payment_terms_days=45,
    )
    party.refresh_from_db()
    assert party.payment_terms_days == 45
    assert terms.payment_terms_days == 45
    assert (terms.category, terms.price_list, terms.discount_percent) == (
        category,
        key_list,
        D("4"),
    )
    with pytest.raises(ValidationError) as error:
        services.customer_terms_save(
            party=party, by=users["adv"], price_list=PriceListFactory(kind="general")
        )
    assert "price_list" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.customer_terms_save(party=party, by=users["adv"], discount_percent=D("120"))
    assert (
        "Une remise est un pourcentage entre 0 et 100."
        in error.value.message_dict["discount_percent"]
    )
    with pytest.raises(NotAllowed):
        services.customer_terms_save(party=party, by=users["teleconseiller"])


def test_a_customer_discount_on_the_same_target_is_replaced(users):
    party = OrganisationFactory()
    family = ProductFamilyFactory()
    services.customer_discount_save(party=party, family=family, percent=D("5"), by=users["adv"])
    services.customer_discount_save(party=party, family=family, percent=D("7"), by=users["adv"])
    assert CustomerDiscount.objects.get().percent == D("7")
    with pytest.raises(ValidationError):
        services.customer_discount_save(party=party, percent=D("7"), by=users["adv"])
