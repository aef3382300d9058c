"""The list searches read an index, not the whole table: the plan of each query is checked
(on PostgreSQL with only bitmap scans left cheap, which need an index that matches)."""

import pytest
from django.db import connection

from comptoir.catalog.queries import product_list
from comptoir.sales.models import Delivery
from comptoir.sales.queries import delivery_list, quote_list
from comptoir.sales.queries.deliveries import _search_ids
from tests.sales.delivery_factories import order_with_lines


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Only bitmap scans stay cheap, and they need an index matching the condition:
            # statistics left by other tests cannot make a full walk of another index win.
            for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
                cursor.execute(f"SET LOCAL {setting} = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row) for row in cursor.fetchall())


def test_a_delivery_is_found_by_number_or_tracking_through_indexes(users):
    # Given enough notes for the planner's statistics to say the search is selective
    order = order_with_lines(1)
    Delivery.objects.bulk_create(
        Delivery(
            order=order,
            customer=order.customer,
            number=f"BL-2026-{n:05d}",
            tracking_number=f"GE{n}",
        )
        for n in range(1, 2001)
    )
    if connection.vendor == "sqlite":  # PostgreSQL's statistics outlive the test's rollback
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    found = plan(_search_ids("bl-2026-00042"))
    assert len(delivery_list(user=users["adv"], filters={"q": "bl-2026-00042"})) == 1
    assert "delivery_tracking_idx" in found
    assert "delivery_number_unique" in found


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes: PostgreSQL")
def test_quote_titles_and_product_references_use_their_postgresql_indexes(users):
    quotes = plan(quote_list(user=users["adv"], filters={"q": "cuisine"}))
    assert "quote_title_trgm_idx" in quotes and "quote_number_prefix_idx" in quotes
    products = plan(product_list(user=users["adv"], filters={"q": "pomp"}))
    assert "product_ref_prefix_idx" in products and "product_label_trgm_idx" in products


def test_on_sqlite_the_reference_prefix_is_a_range_on_the_folded_reference(users):
    sql = str(product_list(user=users["adv"], filters={"q": "Pomp"}).query).lower()
    if connection.vendor == "sqlite":
        assert "lower(" in sql and ">= pomp" in sql and "< pomq" in sql
    else:
        assert "like" in sql and "pomp%" in sql
