"""The delivery pages per role: list with filters and CSV, backorders, a note's page with its
conformity summary, preparing from an order, shipping, recording the delivery, the PDF,
carriers; the outsider sees nothing."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from comptoir.sales import services
from comptoir.sales.models import Delivery
from tests.french import french
from tests.paging import walk

from .delivery_factories import CarrierFactory, order_with_lines


@pytest.fixture
def shipped(users):
    """A note of 6 pumps out of 10 and all 4 hoses, shipped with Geodis."""
    carrier = CarrierFactory(name="Geodis", tracking_url="https://geodis.example/?n={tracking}")
    order = order_with_lines(10, 4)
    ids = {line.label: line.pk for line in order.lines.all()}
    delivery = services.delivery_prepare(
        order=order,
        quantities={ids["Pompe doseuse PD-40"]: 6, ids["Tuyau inox 3 m"]: 4},
        by=users["adv"],
    )
    services.delivery_ship(
        delivery=delivery, carrier=carrier, tracking_number="GE42", by=users["adv"]
    )
    return delivery


@pytest.mark.parametrize("role", ["adv", "direction", "charge_clientele"])
def test_readers_see_the_list_and_the_note(client_as, shipped, role):
    client = client_as(role)
    page = client.get(reverse("sales:deliveries"))
    assert page.status_code == 200
    assert shipped.number in page.content.decode()
    detail = client.get(reverse("sales:delivery", args=[shipped.pk]))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert 'href="https://geodis.example/?n=GE42"' in html
    assert ('data-action="deliver"' in html) == (role == "adv")


@pytest.mark.parametrize(
    "name", ["sales:deliveries", "sales:backorders", "sales:carriers", "sales:deliveries-export"]
)
def test_the_outsider_sees_nothing(client_as, shipped, name):
    assert client_as("outsider").get(reverse(name)).status_code == 403


def test_the_outsider_cannot_open_or_act_on_a_note(client_as, shipped):
    client = client_as("outsider")
    for name in ("sales:delivery", "sales:delivery-pdf", "sales:delivery-deliver"):
        assert client.get(reverse(name, args=[shipped.pk])).status_code == 403
    assert (
        client.post(
            reverse("sales:delivery-incident", args=[shipped.pk]), {"reason": "x"}
        ).status_code
        == 403
    )


def test_readers_cannot_act(client_as, shipped):
    client = client_as("direction")
    response = client.post(reverse("sales:delivery-incident", args=[shipped.pk]), {"reason": "x"})
    assert response.status_code == 403
    assert client.get(reverse("sales:delivery-add", args=[shipped.order_id])).status_code == 403
    shipped.refresh_from_db()
    assert shipped.status == "shipped"


def test_list_filters(client_as, shipped, users):
    other = services.delivery_prepare(order=order_with_lines(2), by=users["adv"])
    client = client_as("adv")

    def rows(**params):
        html = client.get(reverse("sales:deliveries"), params).content.decode()
        return {pk for pk in (shipped.pk, other.pk) if f'data-delivery="{pk}"' in html}

    assert rows() == {shipped.pk, other.pk}
    assert rows(status="prepared") == {other.pk}
    assert rows(carrier=shipped.carrier_id) == {shipped.pk}
    assert rows(customer=other.customer_id) == {other.pk}
    assert rows(q=shipped.number) == {shipped.pk}
    assert rows(q="GE42") == {shipped.pk}
    assert rows(date_from="2000-01-01", date_to="2000-12-31") == set()
    assert rows(status="nonsense", date_from="2026-02-31") == {shipped.pk, other.pk}


def test_list_query_count_does_not_grow_with_rows(client_as, users, django_assert_max_num_queries):
    carrier = CarrierFactory()
    for _ in range(12):
        services.delivery_prepare(order=order_with_lines(3), carrier=carrier, by=users["adv"])
    client = client_as("adv")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("sales:deliveries"))
    assert response.content.decode().count("data-delivery=") == 12


def test_csv_export_has_the_filtered_rows(client_as, shipped, users):
    services.delivery_prepare(order=order_with_lines(2), by=users["adv"])
    response = client_as("direction").get(reverse("sales:deliveries-export"), {"status": "shipped"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Numéro", "Statut", "Commande"]
    assert [row[0] for row in rows[1:]] == [shipped.number]
    assert rows[1][4:6] == ["Geodis", "GE42"]


def test_prepare_from_the_order_page(client_as, users):
    order = order_with_lines(10, 4)
    ids = {line.label: line.pk for line in order.lines.all()}
    client = client_as("adv")
    form = client.get(reverse("sales:delivery-add", args=[order.pk]))
    assert form.status_code == 200
    assert f'name="qty_{ids["Pompe doseuse PD-40"]}" value="10"' in form.content.decode()
    response = client.post(
        reverse("sales:delivery-add", args=[order.pk]),
        {f"qty_{ids['Pompe doseuse PD-40']}": "7", f"qty_{ids['Tuyau inox 3 m']}": "0"},
    )
    delivery = Delivery.objects.get()
    assert response.url == reverse("sales:delivery", args=[delivery.pk])
    assert [(line.label, line.quantity) for line in delivery.lines.all()] == [
        ("Pompe doseuse PD-40", Decimal(7))
    ]


def test_a_cancelled_order_cannot_get_a_note_from_its_page(client_as):
    order = order_with_lines(10, status="cancelled")
    response = client_as("adv").get(reverse("sales:delivery-add", args=[order.pk]), follow=True)
    assert response.redirect_chain[0][0] == reverse("sales:order", args=[order.pk])
    assert "seule une commande confirmée peut être livrée" in response.content.decode()
    assert not Delivery.objects.exists()


def test_preparing_for_an_unknown_order_is_not_found(client_as):
    assert client_as("adv").get(reverse("sales:delivery-add", args=[999999])).status_code == 404


def test_over_delivery_is_refused_on_the_form_and_kept_typed(client_as):
    order = order_with_lines(10)
    line = order.lines.get()
    response = client_as("adv").post(
        reverse("sales:delivery-add", args=[order.pk]), {f"qty_{line.pk}": "15", "notes": "Quai 3"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "15 est supérieur aux 10 restant à livrer" in html
    assert "Quai 3" in html
    assert not Delivery.objects.exists()


def test_ship_deliver_with_a_shortfall_and_read_the_summary(client_as, users):
    order = order_with_lines(10)
    delivery = services.delivery_prepare(order=order, by=users["adv"])
    client = client_as("adv")
    client.post(reverse("sales:delivery-ship", args=[delivery.pk]), {"tracking_number": "X1"})
    delivery.refresh_from_db()
    assert delivery.status == "shipped" and delivery.number.startswith("BL-")
    line = delivery.lines.get()
    from django.utils import timezone

    response = client.post(
        reverse("sales:delivery-deliver", args=[delivery.pk]),
        {
            f"received_{line.pk}": "8",
            "delivered_on": timezone.localdate().isoformat(),
            "received_by": "Mme Roux",
            "other_label": "Manomètre 0-10 bar",
            "other_quantity": "1",
        },
    )
    assert response.status_code == 302
    html = client.get(reverse("sales:delivery", args=[delivery.pk])).content.decode()
    assert (
        french("Article erroné : Manomètre 0-10 bar (quantité 1) ne figure pas sur la commande.")
        in html
    )
    assert (
        french("Quantité insuffisante : Pompe doseuse PD-40 — annoncé 10, reçu 8 (manque 2).")
        in html
    )
    assert "Mme Roux" in html
    backorders = client.get(reverse("sales:backorders")).content.decode()
    assert f'data-backorder="{line.order_line_id}"' in backorders


def test_incident_needs_a_reason(client_as, shipped):
    client = client_as("adv")
    response = client.post(reverse("sales:delivery-incident", args=[shipped.pk]), {"reason": ""})
    assert response.status_code == 400
    client.post(
        reverse("sales:delivery-incident", args=[shipped.pk]), {"reason": "Palette renversée"}
    )
    shipped.refresh_from_db()
    assert (shipped.status, shipped.incident_reason) == ("incident", "Palette renversée")


def test_the_pdf_has_the_number_lines_and_signature_boxes(client_as, shipped):
    response = client_as("direction").get(reverse("sales:delivery-pdf", args=[shipped.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Bon de livraison" in text and shipped.number in text
    assert "Pompe doseuse PD-40" in text and "Tuyau inox 3 m" in text
    assert "Atelier Durand SARL" in text
    assert "Reçu par le client" in text and "Geodis" in text


def test_carriers_pages(client_as):
    client = client_as("adv")
    response = client.post(
        reverse("sales:carrier-add"),
        {
            "name": "Chronopost",
            "tracking_url": "https://www.chronopost.fr/?l={tracking}",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    bad = client.post(reverse("sales:carrier-add"), {"name": "X", "tracking_url": "https://x.fr/"})
    assert "{tracking}" in bad.content.decode()
    assert "Chronopost" in client.get(reverse("sales:carriers")).content.decode()
    assert client_as("direction").get(reverse("sales:carrier-add")).status_code == 403


def test_the_order_page_shows_its_notes_and_backorder(client_as, users):
    order = order_with_lines(10)
    client = client_as("adv")
    html = client.get(reverse("sales:order", args=[order.pk])).content.decode()
    assert 'id="delivery-prepare"' in html
    line = order.lines.get()
    delivery = services.delivery_prepare(order=order, quantities={line.pk: 6}, by=users["adv"])
    services.delivery_ship(delivery=delivery, by=users["adv"])
    services.delivery_deliver(delivery=delivery, by=users["adv"])
    html = client.get(reverse("sales:order", args=[order.pk])).content.decode()
    assert f'data-order-delivery="{delivery.pk}"' in html
    assert "Livrée en partie" in html
    row = html.split(f'data-backorder-line="{line.pk}"')[1].split("</tr>")[0]
    assert [cell.split(">")[-1] for cell in row.split("</td>")[1:4]] == ["10", "6", "4"]
    # The account manager reads the notes but prepares none.
    other = client_as("charge_clientele").get(reverse("sales:order", args=[order.pk]))
    assert f'data-order-delivery="{delivery.pk}"' in other.content.decode()
    assert 'id="delivery-prepare"' not in other.content.decode()


def test_backorders_query_count_does_not_grow_with_rows(
    client_as, users, django_assert_max_num_queries
):
    for _ in range(8):
        order = order_with_lines(10, 4)
        delivery = services.delivery_prepare(
            order=order, quantities={order.lines.first().pk: 5}, by=users["adv"]
        )
        services.delivery_ship(delivery=delivery, by=users["adv"])
        services.delivery_deliver(delivery=delivery, by=users["adv"])
    client = client_as("adv")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("sales:backorders"))
    assert response.content.decode().count("data-backorder=") == 16


def test_backorders_csv(client_as, users):
    order = order_with_lines(10)
    delivery = services.delivery_prepare(
        order=order, quantities={order.lines.get().pk: 6}, by=users["adv"]
    )
    services.delivery_ship(delivery=delivery, by=users["adv"])
    services.delivery_deliver(delivery=delivery, by=users["adv"])
    response = client_as("direction").get(reverse("sales:backorders-export"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][0] == order.number
    assert rows[1][4:8] == ["Pompe doseuse PD-40", "10", "6", "4"]


@pytest.mark.parametrize("role", ["accueil", "teleconseiller", "superviseur", "prestataire"])
def test_roles_without_deliveries_do_not_see_them(client_as, shipped, role):
    client = client_as(role)
    assert client.get(reverse("sales:deliveries")).status_code == 403
    assert client.get(reverse("sales:delivery", args=[shipped.pk])).status_code == 403


def test_the_top_bar_finds_a_note_by_number_or_tracking(users, shipped):
    from comptoir.web.search import search

    by_number = search(users["direction"], shipped.number.lower())
    assert [hit.label for hit in by_number if hit.icon == "truck"] == [shipped.number]
    assert [hit.label for hit in search(users["adv"], "GE42") if hit.icon == "truck"] == [
        shipped.number
    ]
    assert not [hit for hit in search(users["accueil"], shipped.number) if hit.icon == "truck"]


def test_a_draft_order_sends_back_to_its_page(client_as):
    order = order_with_lines(3, status="draft")
    response = client_as("adv").get(reverse("sales:delivery-add", args=[order.pk]))
    assert response.url == reverse("sales:order", args=[order.pk])


def test_edit_a_prepared_note_from_its_page(client_as, users):
    order = order_with_lines(10, 4)
    ids = {line.label: line.pk for line in order.lines.all()}
    delivery = services.delivery_prepare(
        order=order, quantities={ids["Pompe doseuse PD-40"]: 6}, notes="Quai 3", by=users["adv"]
    )
    client = client_as("adv")
    form = client.get(reverse("sales:delivery-edit", args=[delivery.pk])).content.decode()
    assert f'name="qty_{ids["Pompe doseuse PD-40"]}" value="6"' in form
    assert "Quai 3" in form
    response = client.post(
        reverse("sales:delivery-edit", args=[delivery.pk]),
        {
            f"qty_{ids['Pompe doseuse PD-40']}": "5",
            f"qty_{ids['Tuyau inox 3 m']}": "4",
            "notes": "Quai 4",
        },
    )
    assert response.url == reverse("sales:delivery", args=[delivery.pk])
    delivery.refresh_from_db()
    assert delivery.notes == "Quai 4"
    assert [(line.label, line.quantity) for line in delivery.lines.all()] == [
        ("Pompe doseuse PD-40", Decimal(5)),
        ("Tuyau inox 3 m", Decimal(4)),
    ]


def test_a_shipped_note_cannot_be_edited_from_its_page(client_as, shipped):
    client = client_as("adv")
    response = client.post(reverse("sales:delivery-edit", args=[shipped.pk]), {"notes": "Changed"})
    assert response.url == reverse("sales:delivery", args=[shipped.pk])
    shipped.refresh_from_db()
    assert shipped.notes == ""


def test_a_delivery_dated_before_shipping_is_refused_on_the_form(client_as, shipped):
    import datetime

    from django.utils import timezone

    received = {f"received_{line.pk}": str(line.quantity) for line in shipped.lines.all()}
    response = client_as("adv").post(
        reverse("sales:delivery-deliver", args=[shipped.pk]),
        {
            **received,
            "delivered_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Une livraison ne peut pas précéder l&#x27;expédition." in html
    shipped.refresh_from_db()
    assert shipped.status == "shipped"


def test_the_notes_list_walks_keyset_pages(client_as, users, django_assert_max_num_queries):
    # Given 55 prepared notes, prepared at the same instant by pairs
    order = order_with_lines(10)
    notes = Delivery.objects.bulk_create(
        Delivery(order=order, customer=order.customer) for _n in range(55)
    )
    moment = notes[0].created_at
    for n, note in enumerate(notes):
        Delivery.objects.filter(pk=note.pk).update(
            created_at=moment - datetime.timedelta(minutes=n // 2)
        )
    client = client_as("adv")
    # When the list is walked page by page, then each note shows once, with the count
    seen = walk(
        client,
        reverse("sales:deliveries"),
        {},
        re.compile(r'data-delivery="(\d+)"'),
        assert_queries=lambda: django_assert_max_num_queries(10),
    )
    assert len(seen) == 55 and len(set(seen)) == 55
    assert "55 bons de livraison" in client.get(reverse("sales:deliveries")).text
