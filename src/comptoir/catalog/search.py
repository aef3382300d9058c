"""The catalog in the global search of the top bar: products by reference or label.

web/search.py finds this module by its name and calls `provider`; hits are plain dicts.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from comptoir.catalog.queries import product_list


def provider(user, query: str, limit: int) -> list[dict]:
    if not user.has_perm("catalog.view_product"):
        return []
    found = product_list(user=user, filters={"q": query, "active": "1"})[:limit]
    return [
        {
            "kind": _("Product"),
            "label": str(product),
            "detail": product.family.name if product.family else "",
            "url": reverse("catalog:product", args=[product.pk]),
            "icon": "box-seam",
        }
        for product in found
    ]
