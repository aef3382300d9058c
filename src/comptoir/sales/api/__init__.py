"""The sales app's API: one router per aggregate, combined here for comptoir.api.urls."""

from ninja import Router

from comptoir.sales.api.contracts import router as contracts_router

router = Router()
router.add_router("", contracts_router)
