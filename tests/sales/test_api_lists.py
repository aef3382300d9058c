"""The sales API lists (quotes, orders, contracts, delivery notes) page alike: keyset pages
of `limit` rows, `next_cursor` passed back as `after`, every row once; the register and the
notes also give the filtered count."""

import pytest

from comptoir.sales.services import deliveries as delivery_services
from tests.sales.delivery_factories import ConfirmedOrderFactory, order_with_lines
from tests.sales.factories import ContractFactory, quote_for


def walk(client, path: str, headers: dict, **params) -> tuple[list[int], list[dict]]:
    ids, bodies, after = [], [], ""
    for _page in range(10):
        body = client.get(path, {**params, "limit": 2, "after": after}, headers=headers).json()
        bodies.append(body)
        ids += [row["id"] for row in body["items"]]
        if not body["next_cursor"]:
            return ids, bodies
        after = body["next_cursor"]
    raise AssertionError("more pages than rows")


@pytest.mark.parametrize("document", ["quotes", "orders", "contracts", "deliveries"])
def test_every_list_walks_its_keyset_pages(client, users, token_for, document):
    adv = users["adv"]
    if document == "quotes":
        made = [quote_for(adv, lines=[]) for _ in range(5)]
    elif document == "orders":
        made = [ConfirmedOrderFactory() for _ in range(5)]
    elif document == "contracts":
        made = [ContractFactory() for _ in range(5)]
    else:
        made = [
            delivery_services.delivery_prepare(by=adv, order=order_with_lines(1)) for _ in range(5)
        ]
    ids, bodies = walk(client, f"/api/v1/{document}", token_for("direction"))
    assert sorted(ids) == sorted(row.pk for row in made)
    assert len(bodies) == 3
    if document in ("contracts", "deliveries"):
        assert {body["count"] for body in bodies} == {5}
