"""What the sales list endpoints share: the document's list query, filtered as its page
does, one keyset page after `after` (the previous page's `next_cursor`), each row through
the endpoint's summary."""

from ninja import Schema


def list_response(request, filters: Schema, *, read, page, summary) -> dict:
    """`read(user=…, filters=…)` lists, `page(found, filters=…, after=…, size=…)` cuts one
    keyset page (with its `count` when the list gives one), `summary(row)` writes a row."""
    values = filters.dict()
    found = read(user=request.auth, filters=values)
    result = page(found, filters=values, after=values["after"], size=values["limit"])
    body = {"items": [summary(row) for row in result.rows], "next_cursor": result.next_cursor}
    if result.count is not None:
        body["count"] = result.count
    return body
