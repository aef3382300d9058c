"""The API: one NinjaAPI at /api/v1/, one router per area.

An app exposes its endpoints in `<app>/api.py` as `router = Router(tags=[...])` and is added
to ROUTERS below. Every endpoint needs a token or a session unless it says `auth=None`.
"""

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from comptoir.api import company, errors, health, me
from comptoir.api.auth import DEFAULT_AUTH
from comptoir.catalog.api import router as catalog_router
from comptoir.parties.api import router as parties_router
from comptoir.sales.api import router as sales_router
from comptoir.trade.api import router as trade_router

api = NinjaAPI(
    title="Comptoir API",
    version="1",
    description=(
        "Send a personal token from « My account › API tokens » in the "
        "`Authorization: Bearer <token>` header. Errors are "
        '`{"code", "message", "errors": [{"field", "message"}]}`.'
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    # Served from our static files (ninja is in INSTALLED_APPS); no validator badge, which
    # would call validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    auth=DEFAULT_AUTH,
)
errors.register(api)

# (URL prefix, router). Paths are written in full in each router ("/company", "/invoices/…").
ROUTERS = [
    ("", health.router),
    ("", me.router),
    ("", company.router),
    ("", parties_router),
    ("", catalog_router),
    ("", trade_router),
    ("", sales_router),
]
for prefix, router in ROUTERS:
    api.add_router(prefix, router)
