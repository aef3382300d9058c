"""Pages of contracts per role: the register, a contract, its actions, PDF, templates."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from comptoir.sales.models import Contract
from comptoir.sales.services import contracts as services
from tests.paging import walk
from tests.parties.factories import OrganisationFactory
from tests.sales.factories import ContractFactory, template_with_clauses, with_required_clauses

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("adv", 200),
        ("charge_clientele", 200),
        ("direction", 200),
        ("comptable", 403),
        ("outsider", 403),
    ],
)
def test_register_per_role(client_as, users, role, status):
    ContractFactory()
    response = client_as(role).get(reverse("sales:contracts"))
    assert response.status_code == status


def test_direction_reads_but_does_not_write(client_as, users):
    contract = ContractFactory()
    client = client_as("direction")
    assert client.get(reverse("sales:contract-detail", args=[contract.pk])).status_code == 200
    assert client.get(reverse("sales:contract-add")).status_code == 403
    response = client.post(
        reverse("sales:contract-sign", args=[contract.pk]), {"signed_on": "2026-01-01"}
    )
    assert response.status_code == 403
    contract.refresh_from_db()
    assert contract.status == "draft"


def test_register_filters_and_query_count(client_as, users, django_assert_max_num_queries):
    today = datetime.date.today()
    deadline = today + datetime.timedelta(days=40)
    for _n in range(30):
        ContractFactory(kind="maintenance", notice_deadline=deadline, status="active")
    ContractFactory(kind="subscription", title="Abonnement télésurveillance")
    # Its deadline has passed: it renews, nothing is left to decide this term.
    ContractFactory(notice_deadline=today - datetime.timedelta(days=1), status="active")
    client = client_as("adv")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("sales:contracts"))
    assert response.content.decode().count("data-contract=") == 32
    response = client.get(reverse("sales:contracts"), {"kind": "subscription"})
    assert response.content.decode().count("data-contract=") == 1
    after = (deadline + datetime.timedelta(days=1)).isoformat()
    response = client.get(reverse("sales:contracts"), {"notice_before": after})
    assert response.content.decode().count("data-contract=") == 30
    before = (deadline - datetime.timedelta(days=1)).isoformat()
    response = client.get(reverse("sales:contracts"), {"notice_before": before})
    assert response.content.decode().count("data-contract=") == 0


@pytest.mark.parametrize("sort", ["", "end_date", "notice_deadline", "number", "customer"])
def test_register_keyset_pages_show_every_contract_once(
    client_as, users, sort, django_assert_max_num_queries
):
    # Given 55 contracts sharing end dates, some without a notice deadline or a number (drafts)
    for n in range(55):
        ContractFactory(
            end_date=datetime.date(2026, 12, 1 + n % 3),
            notice_deadline=None if n % 4 == 0 else datetime.date(2026, 9, 1 + n % 2),
            number=f"CT-2026-{n:05d}" if n % 5 else "",
        )
    client = client_as("adv")
    # When the register is walked page by page
    seen = walk(
        client,
        reverse("sales:contracts"),
        {"sort": sort} if sort else {},
        re.compile(r'data-contract="(\d+)"'),
        assert_queries=lambda: django_assert_max_num_queries(12),
    )
    # Then each contract shows once, 50 on the first page
    assert len(seen) == 55 and len(set(seen)) == 55


def test_notice_badge_shows_near_the_deadline(client_as, users):
    today = datetime.date.today()
    ContractFactory(
        status="active", notice_deadline=today + datetime.timedelta(days=10), number="CT-X-1"
    )
    ContractFactory(
        status="active", notice_deadline=today + datetime.timedelta(days=200), number="CT-X-2"
    )
    body = client_as("adv").get(reverse("sales:contracts")).content.decode()
    assert body.count("data-notice-soon") == 1


def test_csv_and_xlsx_exports(client_as, users):
    ContractFactory(title="Maintenance four à pain", price=Decimal("1250.50"))
    client = client_as("direction")
    response = client.get(reverse("sales:contracts-csv"))
    text = response.content.decode("utf-8-sig")
    assert "Maintenance four à pain" in text and "1250,50" in text
    response = client.get(reverse("sales:contracts-xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client_as("outsider").get(reverse("sales:contracts-csv")).status_code == 403


def test_create_from_a_template_then_sign_is_refused_then_accepted(client_as, users):
    template = template_with_clauses("maintenance", leave_out=("liability",))
    customer = OrganisationFactory(name="Fromagerie Blanc")
    client = client_as("adv")
    response = client.post(
        reverse("sales:contract-add"),
        {
            "template": template.pk,
            "customer": customer.pk,
            "start_date": "2026-01-01",
            "owner": users["adv"].pk,
            "tacit_renewal": "on",
            "renewal_months": 12,
            "notice_months": 3,
            "alert_days": 30,
            "price": "2400.00",
            "currency": "EUR",
            "billing_frequency": "monthly",
            "index_fixed_part": "0",
        },
    )
    contract = Contract.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "sales:contract-detail", args=[contract.pk]
    )
    assert contract.end_date == datetime.date(2026, 12, 31)

    response = client.post(
        reverse("sales:contract-sign", args=[contract.pk]), {"signed_on": "2026-01-01"}, follow=True
    )
    contract.refresh_from_db()
    assert contract.status == "draft"
    assert "Responsabilité" in response.content.decode()

    client.post(
        reverse("sales:contract-clause-add", args=[contract.pk]),
        {"clause_type": "liability", "title": "", "body": "Responsabilité limitée au prix annuel."},
    )
    client.post(
        reverse("sales:contract-sign", args=[contract.pk]),
        {"signed_on": "2026-01-01", "signatory": "M. Blanc"},
    )
    contract.refresh_from_db()
    assert contract.status == "active" and contract.number == "CT-2026-00001"
    assert contract.schedule.count() == 12

    # Until the worker has attached the signed PDF, the link makes it on the fly.
    response = client.get(reverse("sales:contract-pdf", args=[contract.pk]))
    text = pdf_text(response.content)
    assert "PROJET" not in text
    assert "CT-2026-00001" in text and "Fromagerie Blanc" in text
    assert "Responsabilité limitée au prix annuel." in text
    assert "Atelier Durand SARL" in text  # our company's branding


def test_form_shows_end_before_start_and_keeps_what_was_typed(client_as, users):
    customer = OrganisationFactory()
    response = client_as("adv").post(
        reverse("sales:contract-add"),
        {
            "kind": "maintenance",
            "customer": customer.pk,
            "title": "Mon contrat",
            "start_date": "2026-06-01",
            "end_date": "2026-01-01",
            "renewal_months": 12,
            "notice_months": 3,
            "alert_days": 30,
            "price": "100",
            "currency": "EUR",
            "billing_frequency": "yearly",
            "index_fixed_part": "0",
        },
    )
    assert response.status_code == 200
    assert not Contract.objects.exists()
    assert response.context["form"].errors["end_date"]
    assert 'value="Mon contrat"' in response.content.decode()


def test_draft_pdf_is_marked_and_merge_fields_filled(client_as, users):
    contract = with_required_clauses(
        ContractFactory(customer=OrganisationFactory(name="Garage Martin"))
    )
    contract.clauses.update(
        body="Objet : entretien chez {{ client.nom }} à partir du {{ contrat.date_debut }}."
    )
    response = client_as("adv").get(reverse("sales:contract-pdf", args=[contract.pk]))
    text = pdf_text(response.content)
    assert "Objet : entretien chez Garage Martin" in text
    assert "{{" not in text


def test_signed_pdf_is_the_stored_file(client_as, users, django_capture_on_commit_callbacks):
    contract = with_required_clauses(ContractFactory())
    with django_capture_on_commit_callbacks(execute=True):
        services.contract_sign(
            by=users["adv"], contract=contract, signed_on=datetime.date(2026, 1, 1)
        )
    contract.refresh_from_db()
    response = client_as("direction").get(reverse("sales:contract-pdf", args=[contract.pk]))
    assert response.streaming
    assert "CT-2026-00001" in pdf_text(b"".join(response.streaming_content))
    assert (
        client_as("outsider").get(reverse("sales:contract-pdf", args=[contract.pk])).status_code
        == 403
    )


def test_signed_contract_page_offers_no_edit(client_as, users):
    contract = with_required_clauses(ContractFactory())
    services.contract_sign(by=users["adv"], contract=contract, signed_on=datetime.date(2026, 1, 1))
    client = client_as("adv")
    body = client.get(reverse("sales:contract-detail", args=[contract.pk])).content.decode()
    assert reverse("sales:contract-edit", args=[contract.pk]) not in body
    assert 'id="schedule"' in body and body.count("data-due=") == 4
    response = client.post(reverse("sales:contract-edit", args=[contract.pk]), {"title": "x"})
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.title != "x"


def test_template_pages_refuse_unknown_merge_fields(client_as, users):
    client = client_as("adv")
    response = client.post(
        reverse("sales:contract-template-add"),
        {
            "name": "Garantie",
            "kind": "warranty",
            "body": "Pour {{ client.nom }} {{ client.password }}",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "client.password" in response.content.decode()
    response = client.post(
        reverse("sales:contract-template-add"),
        {
            "name": "Garantie",
            "kind": "warranty",
            "body": "Pour {{ client.nom }}",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert client_as("charge_clientele").get(reverse("sales:contract-templates")).status_code == 200
    assert (
        client_as("charge_clientele").get(reverse("sales:contract-template-add")).status_code == 403
    )


def test_contract_page_query_count_does_not_grow_with_its_rows(
    client_as, users, django_assert_max_num_queries
):
    contract = with_required_clauses(ContractFactory(billing_frequency="monthly"))
    for n in range(10):
        services.contract_line_add(by=users["adv"], contract=contract, description=f"Four {n}")
    services.contract_sign(by=users["adv"], contract=contract, signed_on=datetime.date(2026, 1, 1))
    client = client_as("adv")
    with django_assert_max_num_queries(16):
        response = client.get(reverse("sales:contract-detail", args=[contract.pk]))
    assert response.content.decode().count("data-due=") == 12


def test_register_filters_answer_htmx_with_the_rows_only(client_as, users):
    ContractFactory(title="Maintenance des fours")
    response = client_as("adv").get(
        reverse("sales:contracts"), {"q": "fours"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="contract-rows">')
    assert "<html" not in body and body.count("data-contract=") == 1
