"""The order's page: what a salesperson sees when a change is refused."""

from django.urls import reverse

from comptoir.sales import services
from tests.sales.test_order_services import direct_order


def test_a_refused_change_of_terms_says_why_on_the_page(users, client_as):
    # given a confirmed order (no longer a draft)
    adv = users["adv"]
    order = services.order_confirm(by=adv, order=direct_order(adv))
    # when its terms are posted anyway (a page left open before the confirmation)
    response = client_as("adv").post(
        reverse("sales:order-edit", args=[order.pk]),
        {
            "customer": order.customer_id,
            "customer_reference": "BC-2026-119",
            "order_date": order.order_date.isoformat(),
            "currency": "EUR",
            "discount_percent": "0",
        },
    )
    # then the page says the order cannot be changed, and nothing changed
    assert response.status_code == 400
    assert "seul un brouillon peut être modifié" in response.text
    order.refresh_from_db()
    assert order.customer_reference == "BC-2026-118"
