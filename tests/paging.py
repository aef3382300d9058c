"""Walk a list's keyset pages through its « next page » links, as a person would."""

import html
import re

NEXT = re.compile(r'href="([^"]+)" data-page="next"')


def walk(client, url: str, params: dict, row: re.Pattern, *, assert_queries=None, limit=20):
    """The row ids of every page of the list, in order; `assert_queries` (a
    django_assert_max_num_queries bound to its maximum) wraps every page after the first."""
    seen: list[str] = []
    response = client.get(url, params)
    for _n in range(limit):
        text = response.content.decode()
        seen += row.findall(text)
        found = NEXT.search(text)
        if not found:
            return seen
        if assert_queries is not None:
            with assert_queries():
                response = client.get(html.unescape(found.group(1)))
        else:
            response = client.get(html.unescape(found.group(1)))
    raise AssertionError("more pages than expected")
