"""GET /api/v1/me: who the key or the session belongs to, and what they may do."""

from ninja import Router

from comptoir.api.schemas import Error, MeOut
from comptoir.core.roles import ROLES

router = Router(tags=["me"])


@router.get("/me", response={200: MeOut, 401: Error}, summary="Who am I")
def me(request):
    user = request.auth
    groups = sorted(user.groups.values_list("name", flat=True))
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "language": user.language,
        "roles": [
            {"code": code, "label": str(ROLES[code].label)} for code in groups if code in ROLES
        ],
        "permissions": sorted(user.get_all_permissions()),
    }
