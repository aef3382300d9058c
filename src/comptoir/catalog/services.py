"""Writes of the catalog: products, families, price lists and their quantity breaks,
customer categories, a customer's commercial terms and discounts.

Every service is keyword-only, checks the acting user's permission, runs in one transaction
and raises ValidationError with field errors in French for what was typed wrong, so a form
keeps what was typed and the API answers 400 with the same messages.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from comptoir.catalog.exceptions import ProductInUse
from comptoir.catalog.models import (
    CustomerCategory,
    CustomerDiscount,
    CustomerTerms,
    PriceList,
    PriceListItem,
    Product,
    ProductFamily,
)
from comptoir.core.audit import acting_as
from comptoir.core.exceptions import NotAllowed
from comptoir.core.queries import require
from comptoir.parties.models import Party

__all__ = [
    "FAMILY_FIELDS",
    "PRICE_LIST_FIELDS",
    "PRODUCT_FIELDS",
    "customer_category_delete",
    "customer_category_save",
    "customer_discount_delete",
    "customer_discount_save",
    "customer_terms_save",
    "family_delete",
    "family_save",
    "price_list_delete",
    "price_list_item_delete",
    "price_list_item_save",
    "price_list_save",
    "product_create",
    "product_delete",
    "product_set_active",
    "product_update",
]

PRODUCT_FIELDS = (
    "reference",
    "label",
    "description",
    "kind",
    "unit",
    "family",
    "purchase_cost",
    "sale_price",
    "tax_rate",
    "active",
)
# Only people who may see margins may set what they are made of.
MARGIN_FIELDS = frozenset({"purchase_cost"})
FAMILY_FIELDS = ("name", "parent")
PRICE_LIST_FIELDS = ("name", "kind", "currency", "valid_from", "valid_to", "active", "notes")
CATEGORY_FIELDS = ("name", "description", "price_list")


def _check_fields(fields: dict, allowed) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})


def _apply(instance, fields: dict) -> None:
    for name, value in fields.items():
        if value is None and not instance._meta.get_field(name).null:
            value = ""  # an empty form field for a text column
        setattr(instance, name, value)


def _save(instance, by) -> None:
    """full_clean, then save as `by`; a unique index hit by a concurrent write becomes the
    same field error the check gives."""
    instance.full_clean()
    try:
        with transaction.atomic(), acting_as(by):
            instance.save()
    except IntegrityError:
        instance.full_clean()  # now sees the other row and says which field
        raise


# --- Products -----------------------------------------------------------------------------


def _check_reference(product: Product) -> None:
    product.reference = (product.reference or "").strip()
    taken = Product.objects.filter(reference__iexact=product.reference).exclude(pk=product.pk)
    if product.reference and taken.exists():
        raise ValidationError(
            {"reference": _("Another product already has this reference.")}, code="unique"
        )


def _check_margin_fields(by, fields: dict) -> None:
    if MARGIN_FIELDS & set(fields) and not by.has_perm("catalog.view_margin"):
        raise NotAllowed("catalog.view_margin")


@transaction.atomic
def product_create(*, by, **fields) -> Product:
    require(by, "catalog.add_product")
    _check_fields(fields, PRODUCT_FIELDS)
    _check_margin_fields(by, fields)
    product = Product()
    _apply(product, fields)
    _check_reference(product)
    _save(product, by)
    return product


@transaction.atomic
def product_update(*, product: Product, by, **fields) -> Product:
    require(by, "catalog.change_product")
    _check_fields(fields, PRODUCT_FIELDS)
    _check_margin_fields(by, fields)
    _apply(product, fields)
    _check_reference(product)
    _save(product, by)
    return product


@transaction.atomic
def product_set_active(*, product: Product, active: bool, by) -> Product:
    """Take a product out of the catalog (it stays on the documents that name it), or back."""
    require(by, "catalog.change_product")
    product.active = active
    with acting_as(by):
        product.save(update_fields=["active", "updated_at"])
    return product


@transaction.atomic
def product_delete(*, product: Product, by) -> None:
    """Delete a product no document names; one named on a quote, an order… is refused
    (ProductInUse): deactivate it instead. Its price-list rows go with it."""
    require(by, "catalog.delete_product")
    try:
        with transaction.atomic(), acting_as(by):
            product.delete()
    except ProtectedError:
        raise ProductInUse(
            _(
                "The product %(reference)s is used on documents: it cannot be deleted. "
                "Deactivate it instead."
            )
            % {"reference": product.reference}
        ) from None


# --- Families -----------------------------------------------------------------------------


@transaction.atomic
def family_save(*, by, family: ProductFamily | None = None, **fields) -> ProductFamily:
    require(by, "catalog.change_productfamily" if family else "catalog.add_productfamily")
    _check_fields(fields, FAMILY_FIELDS)
    family = family or ProductFamily()
    _apply(family, fields)
    family.name = family.name.strip()
    above = family.parent.ancestors() if family.parent is not None else []
    if family.pk is not None and any(ancestor.pk == family.pk for ancestor in above):
        raise ValidationError(
            {"parent": _("A family cannot be inside one of its own sub-families.")}
        )
    same_name = ProductFamily.objects.filter(
        name__iexact=family.name, parent=family.parent
    ).exclude(pk=family.pk)
    if same_name.exists():
        raise ValidationError({"name": _("A family with this name already exists here.")})
    _save(family, by)
    return family


@transaction.atomic
def family_delete(*, family: ProductFamily, by) -> None:
    require(by, "catalog.delete_productfamily")
    if family.products.exists() or family.children.exists():
        raise ValidationError(
            _("This family still holds products or sub-families: move them first.")
        )
    with acting_as(by):
        family.delete()


# --- Price lists --------------------------------------------------------------------------


@transaction.atomic
def price_list_save(*, by, price_list: PriceList | None = None, **fields) -> PriceList:
    require(by, "catalog.change_pricelist" if price_list else "catalog.add_pricelist")
    _check_fields(fields, PRICE_LIST_FIELDS)
    price_list = price_list or PriceList()
    _apply(price_list, fields)
    _save(price_list, by)
    return price_list


@transaction.atomic
def price_list_delete(*, price_list: PriceList, by) -> None:
    require(by, "catalog.delete_pricelist")
    with acting_as(by):
        price_list.delete()


@transaction.atomic
def price_list_item_save(
    *,
    price_list: PriceList,
    product: Product,
    min_quantity: Decimal,
    unit_price: Decimal,
    by,
    item: PriceListItem | None = None,
) -> PriceListItem:
    """Add a price (or a quantity break) to a list, or change one. The same product and
    threshold twice is refused: change the existing row instead."""
    require(by, "catalog.change_pricelist")
    item = item or PriceListItem(price_list=price_list)
    if item.price_list_id != price_list.pk:
        raise ValidationError(_("This price belongs to another list."))
    item.product = product
    item.min_quantity = Decimal(1) if min_quantity is None else min_quantity
    item.unit_price = unit_price
    _save(item, by)
    return item


@transaction.atomic
def price_list_item_delete(*, item: PriceListItem, by) -> None:
    require(by, "catalog.change_pricelist")
    with acting_as(by):
        item.delete()


# --- Customer categories, terms and discounts ---------------------------------------------


@transaction.atomic
def customer_category_save(
    *, by, category: CustomerCategory | None = None, **fields
) -> CustomerCategory:
    require(by, "catalog.change_customercategory" if category else "catalog.add_customercategory")
    _check_fields(fields, CATEGORY_FIELDS)
    category = category or CustomerCategory()
    _apply(category, fields)
    if category.price_list and category.price_list.kind != "category":
        raise ValidationError(
            {"price_list": _("Choose a price list of the « customer category » kind.")}
        )
    _save(category, by)
    return category


@transaction.atomic
def customer_category_delete(*, category: CustomerCategory, by) -> None:
    require(by, "catalog.delete_customercategory")
    with acting_as(by):
        category.delete()


@transaction.atomic
def customer_terms_save(
    *,
    party: Party,
    by,
    category: CustomerCategory | None = None,
    price_list: PriceList | None = None,
    discount_percent: Decimal = Decimal(0),
    payment_terms_days: int | None = None,
    notes: str = "",
) -> CustomerTerms:
    """Set a customer's commercial terms; its payment terms stay on the party itself."""
    require(by, "catalog.change_customerterms")
    terms = CustomerTerms.objects.filter(party=party).first() or CustomerTerms(party=party)
    terms.category = category
    terms.price_list = price_list
    terms.discount_percent = Decimal(0) if discount_percent is None else discount_percent
    terms.notes = notes or ""
    errors = {}
    try:
        terms.full_clean()
    except ValidationError as error:
        errors.update(error.error_dict)
    if payment_terms_days is not None and not 0 <= payment_terms_days <= 365:
        errors["payment_terms_days"] = [_("Payment terms are between 0 and 365 days.")]
    if errors:
        raise ValidationError(errors)
    with acting_as(by):
        terms.save()
        if party.payment_terms_days != payment_terms_days:
            party.payment_terms_days = payment_terms_days
            party.save(update_fields=["payment_terms_days", "updated_at"])
    return terms


@transaction.atomic
def customer_discount_save(
    *,
    party: Party,
    percent: Decimal,
    by,
    product: Product | None = None,
    family: ProductFamily | None = None,
) -> CustomerDiscount:
    """Give a customer a discount on a product or a family; an existing one is replaced."""
    require(by, "catalog.change_customerterms")
    if (product is None) == (family is None):
        raise ValidationError(_("A discount is on a product or on a family."))
    discount = CustomerDiscount.objects.filter(
        party=party, product=product, family=family
    ).first() or CustomerDiscount(party=party, product=product, family=family)
    discount.percent = percent
    _save(discount, by)
    return discount


@transaction.atomic
def customer_discount_delete(*, discount: CustomerDiscount, by) -> None:
    require(by, "catalog.change_customerterms")
    with acting_as(by):
        discount.delete()
