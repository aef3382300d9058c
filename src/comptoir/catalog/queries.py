"""Reads of the catalog: the price of a product for a customer, and the lists of the pages.

`price_for` is the one rule of pricing; quotes, orders, the simulator and the API all ask it.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from comptoir.catalog.choices import DiscountSource, PriceListKind, PriceSource
from comptoir.catalog.models import (
    CustomerCategory,
    CustomerDiscount,
    CustomerTerms,
    PriceList,
    PriceListItem,
    Product,
    ProductFamily,
)
from comptoir.core import money
from comptoir.core.models import TaxRate
from comptoir.core.paging import Page, keyset_page
from comptoir.core.queries import require
from comptoir.core.typography import NO_BREAK_SPACE, quoted
from comptoir.parties.models import Party
from comptoir.parties.normalize import fold
from comptoir.parties.queries.parties import starts_with
from comptoir.trade.exceptions import NoExchangeRate
from comptoir.trade.queries import company_currency, convert

__all__ = [
    "PRODUCT_FILTERS",
    "PRODUCT_SORTS",
    "product_page",
    "Price",
    "can_see_margin",
    "price_margin",
    "category_list",
    "company_currency",
    "customer_discounts_for",
    "customer_terms_for",
    "family_list",
    "price_for",
    "price_list_get",
    "price_list_customers",
    "price_list_list",
    "price_simulate",
    "product_discounts",
    "product_get",
    "product_list",
    "product_prices",
]

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Price:
    """The price of a product for a customer on a day, and where it comes from.

    `unit_price` is before the customer's discount; `discount_percent` is the discount to
    put on the document line. `source` is a sentence for people (« Tarif grands comptes
    « Alpes Froid » à partir de 10 ; remise client 5 % sur la famille « Pompes » »);
    `source_kind` and `discount_source` are its stable codes.
    """

    unit_price: Decimal
    discount_percent: Decimal
    tax_rate: TaxRate
    source: str
    currency: str
    source_kind: str
    price_list: PriceList | None = None
    min_quantity: Decimal | None = None
    discount_source: str = DiscountSource.NONE

    @property
    def net_unit_price(self) -> Decimal:
        """Unit price after the discount, not rounded (rounding is for line amounts)."""
        return self.unit_price * (HUNDRED - self.discount_percent) / HUNDRED

    def line_net(self, quantity: Decimal | int) -> Decimal:
        """The net amount of a line of this quantity, rounded by core.money."""
        return money.line_net(
            quantity=quantity,
            unit_price=self.unit_price,
            discount_percent=self.discount_percent,
            currency=self.currency,
        )


def _number(value: Decimal) -> str:
    """10.000 -> « 10 », 2.50 -> « 2,5 » in French."""
    value = value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
    return formats.number_format(value)


def _candidate_lists(
    terms: CustomerTerms | None, day: datetime.date
) -> list[tuple[str, PriceList]]:
    """The price lists to look in, most specific first: the customer's key-account list,
    its category's list, then every valid general list (the most recent start first)."""
    found: list[tuple[str, PriceList]] = []
    if terms is not None:
        if terms.price_list is not None and terms.price_list.is_valid_on(day):
            found.append((PriceSource.KEY_ACCOUNT, terms.price_list))
        category_list = terms.category.price_list if terms.category else None
        if category_list is not None and category_list.is_valid_on(day):
            found.append((PriceSource.CATEGORY, category_list))
    general = (
        PriceList.objects.filter(kind=PriceListKind.GENERAL, active=True)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from", "-id")
    )
    # NULL sorts first in descending order on PostgreSQL and last on SQLite: put dated lists
    # (more specific) before the open-ended one the same way on both.
    general = sorted(general, key=_most_recent_first)
    found.extend((PriceSource.GENERAL, price_list) for price_list in general)
    return found


def _most_recent_first(price_list: PriceList) -> tuple:
    start = price_list.valid_from
    return (start is None, -start.toordinal() if start else 0, -price_list.pk)


def _discount(customer, product: Product, terms: CustomerTerms | None) -> tuple[Decimal, str, str]:
    """The customer's discount on the product: on the product itself, else on its family
    (the nearest family up the tree), else its general discount; with its code and its text."""
    if customer is None:
        return Decimal(0), DiscountSource.NONE, ""
    discounts = list(
        CustomerDiscount.objects.filter(party=customer).filter(
            Q(product=product) | Q(family__isnull=False)
        )
    )
    for discount in discounts:
        if discount.product_id == product.pk:
            return (
                discount.percent,
                DiscountSource.PRODUCT,
                _("customer discount of %(percent)s %% on the product")
                % {"percent": _number(discount.percent)},
            )
    by_family = {d.family_id: d for d in discounts if d.family_id}
    if by_family and product.family_id:
        parents = dict(ProductFamily.objects.values_list("id", "parent_id"))
        family_id, seen = product.family_id, set()
        while family_id is not None and family_id not in seen:
            if family_id in by_family:
                discount = by_family[family_id]
                name = ProductFamily.objects.filter(pk=family_id).values_list("name", flat=True)
                return (
                    discount.percent,
                    DiscountSource.FAMILY,
                    _("customer discount of %(percent)s %% on the family « %(family)s »")
                    % {"percent": _number(discount.percent), "family": name.first()},
                )
            seen.add(family_id)
            family_id = parents.get(family_id)
    if terms is not None and terms.discount_percent:
        return (
            terms.discount_percent,
            DiscountSource.GLOBAL,
            _("customer's general discount of %(percent)s %%")
            % {"percent": _number(terms.discount_percent)},
        )
    return Decimal(0), DiscountSource.NONE, ""


def price_for(
    *, customer, product: Product, quantity: Decimal | int, on_date: datetime.date | None = None
) -> Price:
    """The unit price and discount of `quantity` of `product` for `customer` on a day.

    The key-account price list of the customer, else its category's list, else the general
    list, else the product's sale price; within a list, the quantity break with the largest
    "from quantity" not above the quantity (a list without a break that low is passed over);
    the customer's discount (on the product, then its family, then general) on top.
    `customer` may be None (a walk-in sale): general list, no discount. Breaks are read on
    the absolute quantity, so a return line is priced like the sale it reverses.

    This is the pricing rule itself, without a permission check: documents call it after
    checking theirs; pages and the API go through `price_simulate`, which checks.
    """
    if isinstance(quantity, float):
        raise TypeError("A quantity is never a float: use Decimal.")
    quantity = abs(Decimal(quantity))
    day = on_date or timezone.localdate()
    terms = None
    if customer is not None:
        terms = (
            CustomerTerms.objects.select_related("price_list", "category__price_list")
            .filter(party_id=customer.pk)
            .first()
        )
    candidates = _candidate_lists(terms, day)
    items = PriceListItem.objects.filter(
        product_id=product.pk,
        price_list_id__in=[price_list.pk for _kind, price_list in candidates],
        min_quantity__lte=quantity,
    ).order_by("-min_quantity", "-id")
    best_by_list: dict[int, PriceListItem] = {}
    for item in items:
        best_by_list.setdefault(item.price_list_id, item)

    tax_rate = product.tax_rate
    discount, discount_source, discount_text = _discount(customer, product, terms)
    for kind, price_list in candidates:
        item = best_by_list.get(price_list.pk)
        if item is None:
            continue
        source = _list_source(kind, price_list)
        if item.min_quantity > 1:
            source += " " + _("from %(quantity)s") % {"quantity": _number(item.min_quantity)}
        return Price(
            unit_price=item.unit_price,
            discount_percent=discount,
            tax_rate=tax_rate,
            source=_join(source, discount_text),
            currency=price_list.currency,
            source_kind=kind,
            price_list=price_list,
            min_quantity=item.min_quantity,
            discount_source=discount_source,
        )
    return Price(
        unit_price=product.sale_price,
        discount_percent=discount,
        tax_rate=tax_rate,
        source=_join(str(PriceSource.PRODUCT.label), discount_text),
        currency=company_currency(),
        source_kind=PriceSource.PRODUCT,
        discount_source=discount_source,
    )


def _list_source(kind: str, price_list: PriceList) -> str:
    """« Tarif grands comptes « Alpes Froid » », but « Tarif général 2026 » alone when the
    list's name already says its kind."""
    label = str(PriceSource(kind).label)
    if price_list.name.casefold().startswith(label.casefold()):
        return price_list.name
    return f"{label} {quoted(price_list.name)}"


def _join(source: str, discount_text: str) -> str:
    return f"{source}{NO_BREAK_SPACE}; {discount_text}" if discount_text else source


def price_simulate(
    *,
    user,
    customer: Party | None,
    product: Product,
    quantity: Decimal | int,
    on_date: datetime.date | None = None,
) -> Price:
    """price_for for someone who may read the catalog (and the customer): the simulator and
    the API's /prices."""
    require(user, "catalog.view_product")
    if customer is not None:
        require(user, "parties.view_party")
    return price_for(customer=customer, product=product, quantity=quantity, on_date=on_date)


def price_margin(
    *, user, product: Product, price: Price, on_date: datetime.date | None = None
) -> Decimal | None:
    """What one unit sold at `price` leaves over the product's purchase cost, after the
    customer's discount, in the company's currency (the cost's): a price list in another
    currency is converted at the day's rate. None for someone who may not see margins, a
    product without a cost, or a foreign price without a rate for the day (no margin rather
    than a difference of two currencies)."""
    if not can_see_margin(user) or product.purchase_cost is None:
        return None
    net = price.net_unit_price
    home = company_currency()
    if price.currency != home:
        try:
            net = convert(
                amount=net,
                from_currency=price.currency,
                to_currency=home,
                day=on_date or timezone.localdate(),
            )
        except NoExchangeRate:
            return None
    return net - product.purchase_cost


# --- Lists and records of the pages and the API ---------------------------------------------

PRODUCT_FILTERS = ("q", "family", "kind", "active", "sort")
# sort -> (key, descending); the id follows in the same direction so that the order is total
# and keyset pages never overlap.
PRODUCT_SORTS = {
    "reference": ("reference", False),
    "-reference": ("reference", True),
    "label": ("label", False),
    "-label": ("label", True),
    "sale_price": ("sale_price", False),
    "-sale_price": ("sale_price", True),
}


def can_see_margin(user) -> bool:
    return bool(user and user.has_perm("catalog.view_margin"))


def _family_and_below(family_id: int) -> list[int]:
    parents = dict(ProductFamily.objects.values_list("id", "parent_id"))
    found, frontier = {family_id}, {family_id}
    while frontier:
        frontier = {pk for pk, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return sorted(found)


def product_list(*, user, filters: dict | None = None):
    """The products, filtered as the list's filter bar says: q (reference or label), family
    (with its sub-families), kind, active ("1" or "0"), sort. Values that do not parse are
    ignored, so an old bookmark still shows something."""
    require(user, "catalog.view_product")
    filters = filters or {}
    found = Product.objects.select_related("family", "tax_rate").alias(
        reference_lower=Lower("reference")
    )
    for word in str(filters.get("q") or "").split():
        # lower(reference) has its index on both databases (the unique constraint's on
        # SQLite, a text_pattern_ops one on PostgreSQL); the label's is PostgreSQL's trigrams.
        found = found.filter(
            starts_with("reference_lower", word.lower()) | Q(label__icontains=word)
        )
    family = str(filters.get("family") or "")
    if family.isdigit():
        found = found.filter(family_id__in=_family_and_below(int(family)))
    if filters.get("kind") in ("product", "service"):
        found = found.filter(kind=filters["kind"])
    if filters.get("active") in ("1", "0"):
        found = found.filter(active=filters["active"] == "1")
    key, descending = PRODUCT_SORTS[_product_sort(filters)]
    return found.order_by(*((f"-{key}", "-id") if descending else (key, "id")))


def _product_sort(filters: dict) -> str:
    return filters.get("sort") if filters.get("sort") in PRODUCT_SORTS else "reference"


def product_page(found, *, filters: dict, after: str = "") -> Page:
    """One keyset page of product_list (same filters), with the filtered count."""
    key, descending = PRODUCT_SORTS[_product_sort(filters)]
    return keyset_page(found, key=key, descending=descending, after=after, count=True)


def product_get(*, user, pk: int) -> Product:
    return get_object_or_404(product_list(user=user), pk=pk)


def family_list(*, user):
    """Families with their product count, in tree order (each parent before its children)."""
    require(user, "catalog.view_productfamily")
    families = list(
        ProductFamily.objects.annotate(product_count=Count("products")).order_by("name", "id")
    )
    # « Équipements » among the E's, not after the Z's as the database's binary order puts it.
    families.sort(key=lambda family: (fold(family.name), family.pk))
    children: dict[int | None, list] = {}
    for family in families:
        children.setdefault(family.parent_id, []).append(family)
    ordered: list = []

    def walk(parent_id, depth):
        for family in children.get(parent_id, []):
            if family in ordered:
                continue
            family.depth = depth
            ordered.append(family)
            walk(family.pk, depth + 1)

    walk(None, 0)
    ordered.extend(f for f in families if f not in ordered)  # a loop in bad data
    return ordered


def price_list_list(*, user, filters: dict | None = None):
    require(user, "catalog.view_pricelist")
    filters = filters or {}
    found = PriceList.objects.annotate(item_count=Count("items")).order_by("kind", "name", "id")
    if filters.get("kind") in PriceListKind.values:
        found = found.filter(kind=filters["kind"])
    if filters.get("active") in ("1", "0"):
        found = found.filter(active=filters["active"] == "1")
    return found


def price_list_get(*, user, pk: int) -> PriceList:
    require(user, "catalog.view_pricelist")
    items = PriceListItem.objects.select_related("product").order_by(
        "product__reference", "min_quantity"
    )
    return get_object_or_404(
        PriceList.objects.prefetch_related(Prefetch("items", queryset=items)), pk=pk
    )


def price_list_customers(*, user, price_list: PriceList, limit: int = 30):
    """The customers whose terms name this list (as key account or through their category),
    for links to their « Conditions commerciales »; empty for who may not read terms."""
    if not user.has_perm("catalog.view_customerterms"):
        return []
    terms = CustomerTerms.objects.filter(
        Q(price_list=price_list) | Q(category__price_list=price_list)
    ).select_related("party")
    return [t.party for t in terms.order_by("party__name_folded")[:limit]]


def product_prices(*, user, product: Product):
    """The product's prices and breaks in every list, for its page; empty for who may not
    read price lists."""
    if not user.has_perm("catalog.view_pricelist"):
        return []
    return product.price_items.select_related("price_list").order_by(
        "price_list__kind", "price_list__name", "min_quantity"
    )


def product_discounts(*, user, product: Product, limit: int = 30):
    """The customers' discounts on this product, for links to their « Conditions
    commerciales »; empty for who may not read terms."""
    if not user.has_perm("catalog.view_customerterms"):
        return []
    return product.customer_discounts.select_related("party").order_by("party__name_folded")[:limit]


def category_list(*, user):
    require(user, "catalog.view_customercategory")
    return CustomerCategory.objects.select_related("price_list").annotate(
        member_count=Count("members")
    )


def customer_terms_for(*, user, party: Party) -> CustomerTerms | None:
    """The customer's terms, or None when it has none yet (the general list applies)."""
    require(user, "catalog.view_customerterms")
    return (
        CustomerTerms.objects.select_related("category", "price_list").filter(party=party).first()
    )


def customer_discounts_for(*, user, party: Party):
    require(user, "catalog.view_customerterms")
    return CustomerDiscount.objects.filter(party=party).select_related("product", "family")
