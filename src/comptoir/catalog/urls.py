from django.urls import path, register_converter

from comptoir.catalog.views import pricing, products, terms


class FormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "catalog_fmt")

app_name = "catalog"
urlpatterns = [
    path("", products.product_list, name="products"),
    path("export.<catalog_fmt:fmt>", products.product_export, name="export"),
    path("produits/nouveau/", products.product_edit, name="product-add"),
    path("produits/suggestions/", products.product_suggestions, name="product-suggestions"),
    path("produits/<int:pk>/", products.product_detail, name="product"),
    path("produits/<int:pk>/modifier/", products.product_edit, name="product-edit"),
    path("produits/<int:pk>/activer/", products.product_activate, name="product-activate"),
    path("produits/<int:pk>/supprimer/", products.product_delete, name="product-delete"),
    path("familles/", products.family_list, name="families"),
    path("familles/<int:pk>/", products.family_list, name="family-edit"),
    path("tarifs/", pricing.price_list_list, name="price-lists"),
    path("tarifs/nouveau/", pricing.price_list_edit, name="price-list-add"),
    path("tarifs/<int:pk>/", pricing.price_list_detail, name="price-list"),
    path("tarifs/<int:pk>/modifier/", pricing.price_list_edit, name="price-list-edit"),
    path(
        "tarifs/<int:pk>/export.<catalog_fmt:fmt>",
        pricing.price_list_export,
        name="price-list-export",
    ),
    path(
        "tarifs/<int:pk>/prix/<int:item_pk>/supprimer/",
        pricing.price_list_item_delete,
        name="price-list-item-delete",
    ),
    path("categories/", pricing.category_list, name="categories"),
    path("categories/<int:pk>/", pricing.category_list, name="category-edit"),
    path("simulateur/", pricing.price_simulator, name="simulator"),
    path("clients/<int:party_pk>/conditions/", terms.customer_terms, name="customer-terms"),
    path(
        "clients/<int:party_pk>/remises/",
        terms.customer_discount_add,
        name="customer-discount-add",
    ),
    path(
        "clients/<int:party_pk>/remises/<int:pk>/supprimer/",
        terms.customer_discount_delete,
        name="customer-discount-delete",
    ),
]
