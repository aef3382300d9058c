"""The sales routers, one per document, combined for comptoir.api.urls."""

from ninja import Router

from comptoir.sales.api.contracts import router as contracts_router
from comptoir.sales.api.deliveries import router as deliveries_router
from comptoir.sales.api.orders import router as orders_router
from comptoir.sales.api.quotes import router as quotes_router

router = Router()
router.add_router("", quotes_router)
router.add_router("", orders_router)
router.add_router("", contracts_router)
router.add_router("", deliveries_router)
