"""The sales API: one router per document, combined here for comptoir.api.urls."""

from ninja import Router

from comptoir.sales.api.deliveries import router as deliveries_router

router = Router()
router.add_router("", deliveries_router)
