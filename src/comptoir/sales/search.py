"""Sales in the global search of the top bar: web/search.py finds this module by its name
and calls `provider`; each kind of document adds its hits (plain dicts)."""

from comptoir.sales.queries.deliveries import delivery_search_hits
from comptoir.sales.queries.quotes import quote_search_hits


def provider(user, query: str, limit: int) -> list[dict]:
    return [
        *quote_search_hits(user=user, query=query, limit=limit),
        *delivery_search_hits(user=user, query=query, limit=limit),
    ]
