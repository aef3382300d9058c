"""Domain errors of the catalog, with a stable code for the API."""

from comptoir.core.exceptions import CoreError


class CatalogError(CoreError):
    code = "catalog_error"


class ProductInUse(CatalogError):
    """A product named on a document is kept for that document: deactivate it instead."""

    code = "product_in_use"
