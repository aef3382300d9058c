from django.conf import settings
from django.utils.functional import SimpleLazyObject

from comptoir.web.navigation import menu_for


def shell(request):
    """What the layout needs on every page: the menu of this user and the company name."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": [], "languages": settings.LANGUAGES}
    from comptoir.core.models import Company

    return {
        "menu": menu_for(user),
        # Lazy: pages that never print the company name do not pay for the query.
        "company": SimpleLazyObject(Company.current),
        "languages": settings.LANGUAGES,
    }
