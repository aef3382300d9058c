"""GET /api/v1/health: for load balancers and monitoring; no authentication, no secrets."""

from ninja import Router, Status

from comptoir.api.schemas import Health
from comptoir.core.health import system_status

router = Router(tags=["health"])


@router.get("/health", auth=None, response={200: Health, 503: Health}, summary="Health check")
def health(request):
    """200 while the database answers ("degraded" when no worker runs), 503 when it does not."""
    status = system_status()
    return Status(503 if status["status"] == "down" else 200, status)
