"""Pages of quotes and orders per role, the outsider seeing nothing, lines edited through
htmx, the list's filters, query counts and CSV."""

from decimal import Decimal

import pytest
from django.urls import reverse

from comptoir.sales import services
from comptoir.sales.models import Quote
from tests.sales.factories import customer_with_email, item, quote_for

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def quote(users):
    return quote_for(users["adv"], title="Cuisine centrale")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("adv", 200),
        ("charge_clientele", 200),
        ("teleconseiller", 200),
        ("direction", 200),
        ("accueil", 403),
        ("outsider", 403),
    ],
)
def test_who_sees_the_quotes(client_as, quote, role, status):
    client = client_as(role)
    assert client.get(reverse("sales:quotes")).status_code == status
    assert client.get(reverse("sales:quote", args=[quote.pk])).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("adv", 200),
        ("direction", 200),
        ("charge_clientele", 200),
        ("teleconseiller", 403),
        ("outsider", 403),
    ],
)
def test_who_sees_the_orders(client_as, role, status):
    assert client_as(role).get(reverse("sales:orders")).status_code == status


def test_direction_reads_but_cannot_edit(client_as, quote):
    client = client_as("direction")
    page = client.get(reverse("sales:quote", args=[quote.pk]))
    assert 'id="line-add"' not in page.text
    response = client.post(reverse("sales:quote-line-add", args=[quote.pk]), item())
    assert response.status_code == 403


def test_a_quote_is_created_from_the_customer_link(client_as, users):
    customer = customer_with_email(legal_name="Brasserie du Parc")
    client = client_as("charge_clientele")
    page = client.get(reverse("sales:quote-add") + f"?client={customer.pk}")
    assert "Brasserie du Parc" in page.text
    response = client.post(
        reverse("sales:quote-add"),
        {
            "customer": customer.pk,
            "title": "Bar",
            "valid_until": "2030-01-31",
            "currency": "EUR",
            "exchange_rate": "1",
            "discount_percent": "0",
        },
    )
    quote = Quote.objects.get(title="Bar")
    assert response.url == reverse("sales:quote", args=[quote.pk])
    assert quote.owner == users["charge_clientele"]


def test_lines_are_added_changed_and_removed_through_htmx(client_as, quote):
    client = client_as("adv")
    added = client.post(
        reverse("sales:quote-line-add", args=[quote.pk]),
        {
            "kind": "item",
            "label": "Hotte 2 m",
            "quantity": "1",
            "unit": "unit",
            "unit_price": "1500",
        },
        **HTMX,
    )
    assert added.status_code == 200 and 'id="document-lines"' in added.text
    assert "Hotte 2 m" in added.text and "<html" not in added.text
    line = quote.lines.get(label="Hotte 2 m")
    changed = client.post(
        reverse("sales:quote-line", args=[quote.pk, line.pk]),
        {
            f"l{line.pk}-kind": "item",
            f"l{line.pk}-label": "Hotte 2 m",
            f"l{line.pk}-quantity": "2",
            f"l{line.pk}-unit_price": "1500",
        },
        **HTMX,
    )
    assert changed.status_code == 200
    quote.refresh_from_db()
    assert quote.lines_net == Decimal("5020.00")  # 1700 + 320 + 3000
    bad = client.post(
        reverse("sales:quote-line", args=[quote.pk, line.pk]),
        {
            f"l{line.pk}-kind": "item",
            f"l{line.pk}-label": "Hotte",
            f"l{line.pk}-quantity": "-1",
            f"l{line.pk}-unit_price": "1",
        },
        **HTMX,
    )
    assert bad.status_code == 400 and "négative" in bad.text
    client.post(reverse("sales:quote-line-remove", args=[quote.pk, line.pk]), **HTMX)
    quote.refresh_from_db()
    assert quote.lines_net == Decimal("2020.00")


def test_sending_from_the_page(client_as, quote, mailoutbox, django_capture_on_commit_callbacks):
    client = client_as("adv")
    form = client.get(reverse("sales:quote-send", args=[quote.pk]))
    assert "achats" in form.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("sales:quote-send", args=[quote.pk]),
            {"to": "chef@cuisine.fr", "message": "Bonne réception"},
        )
    assert response.status_code == 302
    assert mailoutbox[0].to == ["chef@cuisine.fr"] and "Bonne réception" in mailoutbox[0].body


def test_the_pdf_of_a_quote(client_as, quote):
    response = client_as("adv").get(reverse("sales:quote-pdf", args=[quote.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    pages = PdfReader(BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Armoire inox 2 portes" in text
    assert "SIREN 732829320" in text  # the seller's identity
    assert "40 euros" in text and "Bon pour accord" in text


def test_the_list_filters_and_counts_its_queries(client_as, users, django_assert_max_num_queries):
    adv = users["adv"]
    customer = customer_with_email()
    for n in range(12):
        quote_for(
            adv, customer=customer if n % 2 else None, lines=[item("X", "1", str(100 * (n + 1)))]
        )
    client = client_as("adv")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("sales:quotes"))
    assert page.text.count("data-quote=") == 12
    filtered = client.get(reverse("sales:quotes"), {"customer": customer.pk, "amount_min": "500"})
    assert filtered.text.count("data-quote=") == 4  # 600, 800, 1000, 1200 for this customer
    rows = client.get(reverse("sales:quotes"), {"status": "sent"}, **HTMX)
    assert "<html" not in rows.text and "data-quote=" not in rows.text


def test_the_csv_export(client_as, quote):
    response = client_as("adv").get(reverse("sales:quotes-export"))
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "Cuisine centrale" in text and "2424,00" in text


def test_an_accepted_quote_is_turned_into_a_confirmed_order(
    client_as, users, quote, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.quote_send(by=users["adv"], quote=quote)
    services.quote_accept(quote=quote, name="Chef")
    response = client_as("adv").post(
        reverse("sales:quote-to-order", args=[quote.pk]), {"customer_reference": "BC-9"}
    )
    order = quote.orders.get()
    assert response.url == reverse("sales:order", args=[order.pk])
    assert order.status == "confirmed" and order.number and order.customer_reference == "BC-9"


def test_order_pages_and_keyset_pages(client_as, users, django_assert_max_num_queries):
    adv = users["adv"]
    quote_for(adv, lines=[])
    customer = customer_with_email()
    for n in range(55):
        services.order_create(by=adv, customer=customer, lines=[item("Y", "1", str(10 + n))])
    client = client_as("adv")
    with django_assert_max_num_queries(12):
        first = client.get(reverse("sales:orders"), {"sort": "-amount"})
    assert first.text.count("data-order=") == 50
    next_url = first.context["next_url"]
    second = client.get(next_url)
    assert second.text.count("data-order=") == 5
    order = customer_orders = None
    del customer_orders
    order = services.order_create(by=adv, customer=customer, lines=[item()])
    detail = client.get(reverse("sales:order", args=[order.pk]))
    assert detail.status_code == 200 and 'id="order-confirm"' in detail.text
    client.post(reverse("sales:order-confirm", args=[order.pk]))
    client.post(reverse("sales:order-launch", args=[order.pk]))
    order.refresh_from_db()
    assert order.status == "in_preparation" and order.launched_by == adv
    csv = client.get(reverse("sales:orders-export")).content.decode()
    assert order.number in csv


def test_the_top_bar_finds_a_quote_and_an_order_by_number(
    client_as, users, quote, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.quote_send(by=users["adv"], quote=quote)
    order = services.order_confirm(
        by=users["adv"],
        order=services.order_create(
            by=users["adv"], customer=quote.customer, lines=[item()], customer_reference="BC-77"
        ),
    )
    quote.refresh_from_db()
    client = client_as("adv")
    assert quote.number in client.get(reverse("web:search"), {"q": quote.number[:7]}).text
    assert order.number in client.get(reverse("web:search"), {"q": order.number.lower()}).text
    assert order.number in client_as("adv").get(reverse("web:search"), {"q": "BC-77"}).text
    assert quote.number not in client_as("accueil").get(reverse("web:search"), {"q": "DE-20"}).text
