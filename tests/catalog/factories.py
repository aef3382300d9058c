"""Products, price lists and customer terms for tests of the catalog."""

from decimal import Decimal

import factory

from comptoir.catalog.models import (
    CustomerCategory,
    CustomerDiscount,
    CustomerTerms,
    PriceList,
    PriceListItem,
    Product,
    ProductFamily,
)
from comptoir.core.models import TaxRate
from tests.parties.factories import OrganisationFactory


class TaxRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaxRate
        django_get_or_create = ("country", "code")

    country = "FR"
    code = "fr-20"
    label = "TVA 20 %"
    rate = Decimal("20")


class ProductFamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductFamily

    name = factory.Sequence(lambda n: f"Famille {n:03d}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    reference = factory.Sequence(lambda n: f"REF-{n:05d}")
    label = factory.Sequence(lambda n: f"Pompe doseuse modèle {n}")
    kind = "product"
    unit = "unit"
    purchase_cost = Decimal("60.00")
    sale_price = Decimal("100.00")
    tax_rate = factory.SubFactory(TaxRateFactory)


class PriceListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceList

    name = factory.Sequence(lambda n: f"Tarif {n:03d}")
    kind = "general"
    currency = "EUR"


class PriceListItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceListItem

    price_list = factory.SubFactory(PriceListFactory)
    product = factory.SubFactory(ProductFactory)
    min_quantity = Decimal("1")
    unit_price = Decimal("90.00")


class CustomerCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerCategory

    name = factory.Sequence(lambda n: f"Catégorie {n:03d}")


class CustomerTermsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerTerms

    party = factory.SubFactory(OrganisationFactory)


class CustomerDiscountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerDiscount

    party = factory.SubFactory(OrganisationFactory)
    percent = Decimal("5")
