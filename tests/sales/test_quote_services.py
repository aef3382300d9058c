"""Quotes through their services: lines and totals, bad input, sending, answers, revisions,
the daily follow-up."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from comptoir.core.exceptions import NotAllowed
from comptoir.parties.models import Interaction
from comptoir.sales import services
from comptoir.sales.exceptions import (
    EmptyDocument,
    InvalidLine,
    NotEditable,
    TransitionRefused,
)
from comptoir.sales.models import Quote, QuoteLine
from comptoir.sales.quote_jobs import quotes_follow_up
from tests.sales.factories import item, quote_for


@pytest.fixture
def adv(users):
    return users["adv"]


def sent_quote(adv, django_capture_on_commit_callbacks, **fields):
    quote = quote_for(adv, **fields)
    with django_capture_on_commit_callbacks(execute=True):
        return services.quote_send(by=adv, quote=quote)


def test_a_quote_totals_its_lines_with_tax_per_rate(adv):
    quote = quote_for(
        adv,
        lines=[
            {"kind": "section", "label": "Matériel"},
            item("Armoire inox", "2", "850"),
            item("Plan de travail", "1", "412.50", discount_percent=Decimal(10)),
            {"kind": "subtotal", "label": "Sous-total matériel"},
            item("Pose", "3", "65"),
        ],
        discount_percent=Decimal(5),
    )
    quote.refresh_from_db()
    # 1700 + 371.25 + 195 = 2266.25; 5 % off = 113.31 -> 2152.94 at 20 % = 430.59
    assert quote.lines_net == Decimal("2266.25")
    assert quote.discount_amount == Decimal("113.31")
    assert quote.total_net == Decimal("2152.94")
    assert quote.total_tax == Decimal("430.59")
    assert quote.total == Decimal("2583.53")
    nets = list(quote.lines.values_list("net_amount", flat=True))
    assert nets == [0, Decimal("1700.00"), Decimal("371.25"), 0, Decimal("195.00")]
    assert quote.status == "draft" and quote.number == ""
    assert quote.valid_until == timezone.localdate() + datetime.timedelta(days=30)


def test_a_negative_quantity_is_refused_and_nothing_is_saved(adv):
    with pytest.raises(InvalidLine, match="negative|négative"):
        quote_for(adv, lines=[item(), item("Erreur", "-2", "10")])
    assert not Quote.objects.exists()
    assert not QuoteLine.objects.exists()


def test_a_line_is_added_changed_and_removed_with_totals_kept(adv):
    quote = quote_for(adv, lines=[item("A", "1", "100")])
    line = services.quote_line_add(by=adv, quote=quote, **item("B", "2", "50"))
    quote.refresh_from_db()
    assert quote.total_net == Decimal("200.00")
    services.quote_line_update(by=adv, line=line, quantity=Decimal(4))
    quote.refresh_from_db()
    assert quote.total_net == Decimal("300.00")
    services.quote_line_remove(by=adv, line=line)
    quote.refresh_from_db()
    assert quote.total_net == Decimal("100.00") and quote.total == Decimal("120.00")


def test_sending_numbers_mails_the_pdf_with_the_link_and_logs_the_timeline(
    adv, django_capture_on_commit_callbacks
):
    quote = sent_quote(adv, django_capture_on_commit_callbacks)
    year = timezone.localdate().year
    assert quote.number == f"DE-{year}-00001"
    assert quote.status == "sent" and quote.sent_to.startswith("achats")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [quote.sent_to]
    assert quote.number in message.subject
    assert "/ventes/devis/lien/" in message.body
    name, content, kind = message.attachments[0]
    assert kind == "application/pdf" and content.startswith(b"%PDF")
    interaction = Interaction.objects.get(party=quote.customer, source_app="sales.quote")
    assert interaction.kind == "quote" and quote.number in interaction.subject


def test_a_quote_without_lines_is_not_sent(adv):
    quote = quote_for(adv, lines=[])
    with pytest.raises(EmptyDocument):
        services.quote_send(by=adv, quote=quote)


def test_only_a_draft_changes(adv, django_capture_on_commit_callbacks):
    quote = sent_quote(adv, django_capture_on_commit_callbacks)
    with pytest.raises(NotEditable):
        services.quote_line_add(by=adv, quote=quote, **item())
    with pytest.raises(NotEditable):
        services.quote_update(by=adv, quote=quote, title="Autre")
    with pytest.raises(NotEditable):
        services.quote_line_remove(by=adv, line=quote.lines.first())


def test_revising_makes_v2_and_keeps_v1_read_only(adv, django_capture_on_commit_callbacks):
    v1 = sent_quote(adv, django_capture_on_commit_callbacks)
    v2 = services.quote_revise(by=adv, quote=v1)
    v1.refresh_from_db()
    assert v1.status == "superseded"
    assert (v2.number, v2.version, v2.status) == (v1.number, 2, "draft")
    assert v2.reference == f"{v1.number}-v2" and v2.previous == v1
    assert v2.total == v1.total and v2.lines.count() == v1.lines.count()
    services.quote_line_add(by=adv, quote=v2, **item("Option", "1", "99"))
    with pytest.raises(NotEditable):
        services.quote_line_add(by=adv, quote=v1, **item())
    with pytest.raises(TransitionRefused):
        services.quote_revise(by=adv, quote=v1)
    with django_capture_on_commit_callbacks(execute=True):
        services.quote_send(by=adv, quote=v2)
    v2.refresh_from_db()
    assert v2.number == v1.number  # the same number, no new one taken


def test_acceptance_records_who_when_and_where(adv, django_capture_on_commit_callbacks):
    quote = sent_quote(adv, django_capture_on_commit_callbacks)
    services.quote_accept(quote=quote, name="Claire Martin", email="c@x.fr", ip="192.0.2.7")
    quote.refresh_from_db()
    assert quote.status == "accepted"
    assert (quote.answered_by_name, quote.answered_by_email) == ("Claire Martin", "c@x.fr")
    assert quote.answered_from_ip == "192.0.2.7" and quote.answered_at is not None
    with pytest.raises(TransitionRefused):
        services.quote_refuse(quote=quote, reason="Trop tard")


def test_transitions_follow_the_map(adv, django_capture_on_commit_callbacks):
    draft = quote_for(adv)
    with pytest.raises(TransitionRefused):
        services.quote_accept(quote=draft, name="X")
    with pytest.raises(TransitionRefused):
        services.quote_revise(by=adv, quote=draft)
    sent = sent_quote(adv, django_capture_on_commit_callbacks)
    services.quote_refuse(quote=sent, name="X", reason="Budget")
    sent.refresh_from_db()
    assert sent.status == "refused" and sent.refusal_reason == "Budget"
    assert services.quote_revise(by=adv, quote=sent).version == 2


def test_a_sent_quote_past_its_validity_cannot_be_accepted(adv, django_capture_on_commit_callbacks):
    quote = sent_quote(adv, django_capture_on_commit_callbacks)
    Quote.objects.filter(pk=quote.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(TransitionRefused, match="expired|expiré"):
        services.quote_accept(quote=quote, name="X")


def test_who_may_do_what(users):
    quote = quote_for(users["adv"])
    for role in ("direction", "comptable", "outsider", "accueil"):
        with pytest.raises(NotAllowed):
            services.quote_line_add(by=users[role], quote=quote, **item())
    for role in ("charge_clientele", "teleconseiller"):
        services.quote_line_add(by=users[role], quote=quote, **item())


def test_the_daily_job_expires_and_reminds_once(adv, django_capture_on_commit_callbacks):
    old = sent_quote(adv, django_capture_on_commit_callbacks)
    stale = sent_quote(adv, django_capture_on_commit_callbacks)
    fresh = sent_quote(adv, django_capture_on_commit_callbacks)
    now = timezone.now()
    Quote.objects.filter(pk=old.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    Quote.objects.filter(pk=stale.pk).update(sent_at=now - datetime.timedelta(days=8))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        quotes_follow_up()
    assert Quote.objects.get(pk=old.pk).status == "expired"
    stale.refresh_from_db()
    assert stale.reminded_at is not None
    assert Quote.objects.get(pk=fresh.pk).reminded_at is None
    assert [m.to for m in mail.outbox] == [[adv.email]]
    assert stale.number in mail.outbox[0].subject
    assert Interaction.objects.filter(party=stale.customer, subject__contains="Relancer").exists()
    # Once per quote
    with django_capture_on_commit_callbacks(execute=True):
        quotes_follow_up()
    assert len(mail.outbox) == 1


def test_a_sent_quote_can_be_sent_again_without_a_new_number(
    adv, django_capture_on_commit_callbacks
):
    quote = sent_quote(adv, django_capture_on_commit_callbacks)
    first_sent_at = quote.sent_at
    with django_capture_on_commit_callbacks(execute=True):
        again = services.quote_send(by=adv, quote=quote, to="autre@client.fr")
    assert again.number == quote.number and again.sent_at == first_sent_at
    assert mail.outbox[-1].to == ["autre@client.fr"]


def test_a_validity_before_the_date_is_refused(adv):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        quote_for(adv, valid_until=timezone.localdate() - datetime.timedelta(days=1))


def test_the_follow_up_is_a_daily_job_of_the_scheduler():
    from comptoir.core.scheduler import discover

    job = discover()["quotes_follow_up"]
    assert job.every == datetime.timedelta(days=1)
