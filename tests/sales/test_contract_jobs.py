"""The daily contracts job: tacit renewal, expiry, alerts before the notice deadline and
the end; idempotent, audited, on the customer's timeline."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail

from comptoir.core.models import AuditEntry
from comptoir.parties.models import Interaction
from comptoir.sales.jobs import contracts_daily
from comptoir.sales.models import ContractAlert
from comptoir.sales.services import contracts as services
from tests.sales.factories import ContractFactory, with_required_clauses

pytestmark = pytest.mark.django_db
JAN_1 = datetime.date(2026, 1, 1)


def signed(users, **fields):
    contract = with_required_clauses(ContractFactory(owner=users["charge_clientele"], **fields))
    return services.contract_sign(
        by=users["adv"], contract=contract, signed_on=fields.get("start_date", JAN_1)
    )


def test_tacit_renewal_moves_the_end_once_and_extends_the_schedule(users):
    contract = signed(users)
    counts = services.contracts_renew(today=datetime.date(2027, 1, 1))
    assert counts == {"renewed": 1, "expired": 0}
    contract.refresh_from_db()
    assert contract.end_date == datetime.date(2027, 12, 31)
    assert contract.term_start == datetime.date(2027, 1, 1)
    assert contract.notice_deadline == datetime.date(2027, 9, 30)
    assert contract.renewal_count == 1
    assert contract.schedule.count() == 8
    assert contract.schedule.order_by("-due_date").first().due_date == datetime.date(2027, 10, 1)
    # Idempotent: the same day again, nothing moves.
    assert services.contracts_renew(today=datetime.date(2027, 1, 1)) == {"renewed": 0, "expired": 0}
    contract.refresh_from_db()
    assert contract.end_date == datetime.date(2027, 12, 31) and contract.schedule.count() == 8
    assert (
        Interaction.objects.filter(
            source_app="sales.contract", source_id=str(contract.pk), subject__contains="2027"
        ).count()
        == 1
    )
    assert AuditEntry.objects.filter(
        object_id=str(contract.pk), changes__has_key="end_date"
    ).exists()


def test_a_missed_job_catches_up_every_term(users):
    contract = signed(users)
    services.contracts_renew(today=datetime.date(2028, 3, 1))
    contract.refresh_from_db()
    assert contract.end_date == datetime.date(2028, 12, 31) and contract.renewal_count == 2


def test_notice_in_time_makes_the_contract_expire(users):
    contract = signed(users)
    services.contract_give_notice(
        by=users["adv"], contract=contract, given_on=datetime.date(2026, 9, 1)
    )
    assert services.contracts_renew(today=datetime.date(2026, 12, 31)) == {
        "renewed": 0,
        "expired": 0,
    }
    assert services.contracts_renew(today=datetime.date(2027, 1, 1)) == {"renewed": 0, "expired": 1}
    contract.refresh_from_db()
    assert contract.status == "expired" and contract.end_date == datetime.date(2026, 12, 31)


def test_late_notice_renews_once_then_ends(users):
    contract = signed(users)
    services.contract_give_notice(
        by=users["adv"], contract=contract, given_on=datetime.date(2026, 11, 2)
    )
    services.contracts_renew(today=datetime.date(2027, 1, 1))
    contract.refresh_from_db()
    assert contract.status == "active" and contract.end_date == datetime.date(2027, 12, 31)
    services.contracts_renew(today=datetime.date(2028, 1, 1))
    contract.refresh_from_db()
    assert contract.status == "expired"


def test_no_tacit_renewal_expires(users):
    contract = signed(users, tacit_renewal=False)
    services.contracts_renew(today=datetime.date(2027, 1, 1))
    contract.refresh_from_db()
    assert contract.status == "expired"


def test_alerts_before_the_notice_deadline_and_the_end_once_each(
    users, django_capture_on_commit_callbacks
):
    contract = signed(users, alert_days=30)
    # 30 September is the notice deadline: warned from 31 August.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.contracts_alert(today=datetime.date(2026, 8, 30)) == 0
        assert services.contracts_alert(today=datetime.date(2026, 8, 31)) == 1
        assert services.contracts_alert(today=datetime.date(2026, 9, 15)) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [users["charge_clientele"].email]
    assert contract.number in message.subject
    assert f"http://127.0.0.1:8000/ventes/contrats/{contract.pk}/" in message.body
    assert "à dénoncer avant le 30/09/2026" in message.subject
    # And before the end of the term.
    assert services.contracts_alert(today=datetime.date(2026, 12, 1)) == 1
    kinds = set(ContractAlert.objects.values_list("kind", flat=True))
    assert kinds == {"notice", "end"}


def test_no_notice_alert_once_notice_is_given(users):
    contract = signed(users)
    services.contract_give_notice(
        by=users["adv"], contract=contract, given_on=datetime.date(2026, 8, 1)
    )
    services.contracts_alert(today=datetime.date(2026, 9, 1))
    assert not ContractAlert.objects.filter(kind="notice").exists()


def test_the_scheduled_job_runs_both(users):
    signed(
        users,
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2020, 12, 31),
        price=Decimal("600.00"),
    )
    output = contracts_daily()
    assert "renewed" in output and "alerts" in output


def test_timeline_entries_link_to_the_contract(users):
    from comptoir.parties.queries.timeline import interaction_source_url

    contract = signed(users)
    entry = Interaction.objects.filter(source_app="sales.contract").first()
    assert interaction_source_url(entry) == f"/ventes/contrats/{contract.pk}/"
